import { Injectable } from '@nestjs/common';

/** Wakes the outbox dispatcher of this instance after a commit that wrote events. */
@Injectable()
export class OutboxSignal {
  private listener?: () => void;

  onCommitted(listener: () => void): void {
    this.listener = listener;
  }

  notifyCommitted(): void {
    this.listener?.();
  }
}
