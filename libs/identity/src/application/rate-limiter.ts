import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';

/** The separately counted unauthenticated operations. */
export type RateLimitedOperation = 'login' | 'password-reset' | 'invitation';

/**
 * Fixed-window counters of attempts per client address, kept in PostgreSQL so that every router
 * instance shares them. A window lasts AUTH_RATE_LIMIT_WINDOW_SECONDS and admits AUTH_RATE_LIMIT_MAX
 * attempts per operation and address. The counter is committed on its own, so it also counts attempts
 * whose use case later fails.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt, or raises 429 with the seconds until the window ends. */
  async consume(operation: RateLimitedOperation, clientAddress: string): Promise<void> {
    const now = this.clock.now();
    const windowSeconds = this.config.AUTH_RATE_LIMIT_WINDOW_SECONDS;
    const rows: { hits: number; window_started_at: Date }[] = await this.dataSource.query(
      `INSERT INTO identity.rate_limit_bucket AS bucket (bucket_key, window_started_at, hits)
       VALUES ($1, $2, 1)
       ON CONFLICT (bucket_key) DO UPDATE SET
         window_started_at = CASE WHEN bucket.window_started_at <= $2::timestamptz - make_interval(secs => $3)
                                  THEN $2::timestamptz ELSE bucket.window_started_at END,
         hits = CASE WHEN bucket.window_started_at <= $2::timestamptz - make_interval(secs => $3)
                     THEN 1 ELSE bucket.hits + 1 END
       RETURNING hits, window_started_at`,
      [`${operation}:${clientAddress}`, now, windowSeconds],
    );
    const { hits, window_started_at: windowStartedAt } = rows[0];
    if (hits <= this.config.AUTH_RATE_LIMIT_MAX) return;

    const windowEndsMs = new Date(windowStartedAt).getTime() + windowSeconds * 1000;
    throw IdentityError.tooManyAttempts(Math.max(1, Math.ceil((windowEndsMs - now.getTime()) / 1000)));
  }

  /** Deletes counters whose window ended, and returns how many. */
  async deleteExpired(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM identity.rate_limit_bucket WHERE window_started_at < $1::timestamptz - make_interval(secs => $2)`,
      [this.clock.now(), this.config.AUTH_RATE_LIMIT_WINDOW_SECONDS],
    );

    return deleted;
  }
}
