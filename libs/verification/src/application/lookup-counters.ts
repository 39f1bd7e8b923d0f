import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@escr/kernel';

export type LookupOutcome = 'found' | 'notFound' | 'malformed' | 'rateLimited';

/**
 * Counts public lookups by outcome and logs the counts once per interval. Lookups are never logged one by
 * one, so that no log holds the ESCNs verifiers looked up or their addresses.
 */
@Injectable()
export class LookupCounters implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LookupCounters.name);
  private counts = LookupCounters.zero();
  private cacheHits = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {}

  private static zero(): Record<LookupOutcome, number> {
    return { found: 0, notFound: 0, malformed: 0, rateLimited: 0 };
  }

  count(outcome: LookupOutcome): void {
    this.counts[outcome]++;
  }

  countCacheHit(): void {
    this.cacheHits++;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.flush(), this.config.VERIFICATION_COUNTER_LOG_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush();
  }

  /** Logs the counts since the previous line, if there were any lookups, and starts counting again. */
  flush(): void {
    const counts = this.counts;
    const cacheHits = this.cacheHits;
    this.counts = LookupCounters.zero();
    this.cacheHits = 0;
    const total = counts.found + counts.notFound + counts.malformed + counts.rateLimited;
    if (total === 0) return;

    this.logger.log(
      { ...counts, total, cacheHits, intervalSeconds: this.config.VERIFICATION_COUNTER_LOG_INTERVAL_SECONDS },
      'public verification lookups',
    );
  }
}
