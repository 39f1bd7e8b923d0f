import { Injectable } from '@nestjs/common';
import { AppConfig } from '@escr/kernel';
import { RateDecision, TokenBucketLimiter } from '../domain/token-bucket-limiter.js';

/** Upper bound of clients tracked by the rate limiter of one instance. */
const MAX_TRACKED_CLIENTS = 100_000;

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

  take(client: string): RateDecision {
    return this.limiter.take(client);
  }
}
