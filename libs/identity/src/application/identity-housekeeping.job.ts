import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { AdvisoryLocks, AppConfig } from '@escr/kernel';
import { CredentialRetention } from './credential-retention.js';
import { RateLimiter } from './rate-limiter.js';

const LOCK_NAME = 'identity.housekeeping';
const INTERVAL_MS = 10 * 60 * 1000;

/**
 * Every 10 minutes, in one instance at a time (advisory lock), deletes rate-limit counters whose window
 * has ended and sessions, invitations and password resets long past their expiry (CredentialRetention).
 * Deleting is idempotent, so an instance that runs it late does no harm.
 */
@Injectable()
export class IdentityHousekeepingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdentityHousekeepingJob.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly locks: AdvisoryLocks,
    private readonly rateLimiter: RateLimiter,
    private readonly credentials: CredentialRetention,
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
      const outcome = await this.locks.tryRun(LOCK_NAME, async () => ({
        counters: await this.rateLimiter.deleteExpired(),
        ...(await this.credentials.purgeExpired()),
      }));
      if (outcome.ran && Object.values(outcome.result).some((deleted) => deleted > 0)) {
        this.logger.log({ deleted: outcome.result }, 'expired rate-limit counters and credentials deleted');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'identity housekeeping failed; retrying at the next interval');
    }
  }
}
