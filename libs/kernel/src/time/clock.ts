import { Injectable } from '@nestjs/common';

/** Source of the current time. Tests replace it to move past deadlines without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
