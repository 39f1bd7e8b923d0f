import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestError } from '../errors/domain-error.js';

/** Largest value of a PostgreSQL integer column, the type of every numeric id the router issues. */
const MAX_ID = 2_147_483_647;

/**
 * Parses a numeric id from the path. Values that are not whole numbers from 1 to 2,147,483,647 cannot
 * name a row, so they fail here with 400 instead of reaching PostgreSQL as an out-of-range integer.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw RequestError.validationFailed(`${metadata.data ?? 'id'}: ${value} is not an id; expected a whole number from 1 to ${MAX_ID}`);
    }

    return id;
  }
}
