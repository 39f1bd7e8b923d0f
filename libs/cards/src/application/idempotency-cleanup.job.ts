import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AdvisoryLocks, AppConfig } from '@escr/kernel';
import { IdempotencyService } from './idempotency.service.js';

/** Deletes expired idempotency keys every hour, in one instance at a time. */
@Injectable()
export class IdempotencyCleanupJob {
  private readonly logger = new Logger(IdempotencyCleanupJob.name);

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly locks: AdvisoryLocks,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async tick(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;

    try {
      await this.run();
    } catch (error) {
      this.logger.error({ err: error }, 'idempotency key cleanup failed');
    }
  }

  /** Runs the cleanup unless another instance holds the lock; returns the deleted count, or null when skipped. */
  async run(): Promise<number | null> {
    const outcome = await this.locks.tryRun('cards.idempotency-key-cleanup', () => this.idempotency.deleteExpired());
    if (!outcome.ran) return null;

    if (outcome.result > 0) this.logger.log({ deleted: outcome.result }, 'expired idempotency keys deleted');

    return outcome.result;
  }
}
