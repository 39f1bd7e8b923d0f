import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, RequestError } from '@escr/kernel';

const WINDOW_MS = 60_000;
/** Number of tracked client addresses from which each call first removes the expired windows. */
const PRUNE_THRESHOLD = 10_000;

interface Window {
  startedAt: number;
  reserved: number;
}

/**
 * Limits the ESCNs one client address may reserve per minute through the public generate-escn operation,
 * in fixed one-minute windows. Each router instance counts on its own, so N instances allow N times the limit.
 */
@Injectable()
export class EscnReservationRateLimiter {
  private readonly logger = new Logger(EscnReservationRateLimiter.name);
  private readonly windows = new Map<string, Window>();
  private rejected = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts `count` reservations for the address, or throws 429 with Retry-After when they pass the limit. */
  take(clientAddress: string, count: number): void {
    const now = this.clock.now().getTime();
    if (this.windows.size >= PRUNE_THRESHOLD) this.prune(now);

    let window = this.windows.get(clientAddress);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, reserved: 0 };
      this.windows.set(clientAddress, window);
    }
    if (window.reserved + count > this.config.ESCN_GENERATE_LIMIT_PER_MINUTE) {
      this.rejected++;
      if (this.rejected % 100 === 1) this.logger.warn({ rejected: this.rejected }, 'generate-escn requests rejected by the rate limit');

      throw RequestError.tooManyRequests(Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)));
    }
    window.reserved += count;
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) {
      if (now - window.startedAt >= WINDOW_MS) this.windows.delete(address);
    }
  }
}
