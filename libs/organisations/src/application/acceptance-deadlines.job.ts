import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AdvisoryLocks, AppConfig } from '@escr/kernel';
import { AcceptanceDeadlinesService, DeadlineRunReport } from './acceptance-deadlines.service.js';

export const ACCEPTANCE_DEADLINES_LOCK = 'organisations.acceptance-deadlines';

/**
 * Runs the acceptance-period job every LEGAL_JOB_INTERVAL_MS when SCHEDULER_ENABLED is on. Each run takes
 * a PostgreSQL advisory lock, so with several instances one runs it per tick and the others skip it.
 */
@Injectable()
export class AcceptanceDeadlinesJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AcceptanceDeadlinesJob.name);
  private running?: Promise<unknown>;

  constructor(
    private readonly deadlines: AcceptanceDeadlinesService,
    private readonly locks: AdvisoryLocks,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;

    // The interval comes from configuration, which @Interval cannot read, so it is registered here.
    const timer = setInterval(() => void this.tick(), this.config.LEGAL_JOB_INTERVAL_MS);
    timer.unref();
    this.scheduler.addInterval(ACCEPTANCE_DEADLINES_LOCK, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', ACCEPTANCE_DEADLINES_LOCK)) this.scheduler.deleteInterval(ACCEPTANCE_DEADLINES_LOCK);
    await this.running;
  }

  /** Runs the job now unless another session holds its lock. Returns null when it was skipped. */
  async runNow(): Promise<DeadlineRunReport | null> {
    const outcome = await this.locks.tryRun(ACCEPTANCE_DEADLINES_LOCK, () => this.deadlines.runDue());

    return outcome.ran ? outcome.result : null;
  }

  private async tick(): Promise<void> {
    if (this.running) return;

    this.running = this.runNow()
      .catch((error: unknown) => this.logger.error({ err: error }, 'acceptance-period job failed'))
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}
