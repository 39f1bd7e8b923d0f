import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { AdvisoryLocks, AppConfig } from '@escr/kernel';
import { RateLimiter } from './rate-limiter.js';

const LOCK_NAME = 'identity.housekeeping';
const INTERVAL_MS = 10 * 60 * 1000;

/**
 * Deletes rate-limit counters whose window has ended, every 10 minutes, in one instance at a time
 * (advisory lock). Deleting is idempotent, so an instance that runs it late does no harm.
 * NOTE: used refresh tokens, ended sessions, invitations and reset tokens are kept for the audit trail;
 * no job deletes them yet.
 */
@Injectable()
export class IdentityHousekeepingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdentityHousekeepingJob.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly locks: AdvisoryLocks,
    private readonly rateLimiter: RateLimiter,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;

    this.timer = setInterval(() => void this.tick(), INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      const outcome = await this.locks.tryRun(LOCK_NAME, () => this.rateLimiter.deleteExpired());
      if (outcome.ran && outcome.result > 0) this.logger.log({ deleted: outcome.result }, 'expired rate-limit counters deleted');
    } catch (error) {
      this.logger.error({ err: error }, 'identity housekeeping failed; retrying at the next interval');
    }
  }
}
