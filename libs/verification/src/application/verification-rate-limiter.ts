import { Injectable } from '@nestjs/common';
import { AppConfig, RateDecision, TokenBucketLimiter } from '@escr/kernel';

/** Upper bound of clients tracked by the rate limiter of one instance. */
const MAX_TRACKED_CLIENTS = 100_000;
/**
 * Maximum time a rejected request waits before its 429 goes out. A client that sends as fast as its
 * connections allow gets one response per connection and per second instead of thousands, so its
 * rejections stop taking the CPU that other clients' lookups need.
 */
const REJECTION_HOLD_MS = 1000;
/** Rejections held at once; past this they go out at once, so a client with many sockets cannot pile them up. */
const MAX_HELD_REJECTIONS = 2000;

/** The one per-client limiter of public verification in this instance, shared by the JSON routes and the pages. */
@Injectable()
export class VerificationRateLimiter {
  private readonly limiter: TokenBucketLimiter;

  constructor(config: AppConfig) {
    this.limiter = new TokenBucketLimiter({
      burst: config.VERIFICATION_RATE_LIMIT_BURST,
      perMinute: config.VERIFICATION_RATE_LIMIT_PER_MINUTE,
      maxClients: MAX_TRACKED_CLIENTS,
    });
  }

  private held = 0;

  take(client: string): RateDecision {
    return this.limiter.take(client);
  }

  /** Sends a rejection after holding it for up to a second (at most its Retry-After), or at once when many are held. */
  holdRejection(retryAfterSeconds: number, send: () => void): void {
    if (this.held >= MAX_HELD_REJECTIONS) {
      send();

      return;
    }

    this.held++;
    setTimeout(() => {
      this.held--;
      send();
    }, Math.min(retryAfterSeconds * 1000, REJECTION_HOLD_MS));
  }
}
