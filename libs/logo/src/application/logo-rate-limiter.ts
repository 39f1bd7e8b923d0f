import { Injectable } from '@nestjs/common';
import { AppConfig, RequestError, TokenBucketLimiter } from '@escr/kernel';

/** Upper bound of clients tracked by the logo rate limiter of one instance. */
const MAX_TRACKED_CLIENTS = 100_000;

/**
 * Limits the public logo and QR code requests of each client address in this instance. Rendering a
 * PNG or PDF costs milliseconds of CPU, so one client sending as fast as it can would otherwise take
 * the rendering capacity that card portals and printers share. With the defaults a client gets a burst
 * of 100 logos, then 20 a second: logos for a print run of 10,000 cards take about 8 minutes.
 */
@Injectable()
export class LogoRateLimiter {
  private readonly limiter: TokenBucketLimiter;

  constructor(config: AppConfig) {
    this.limiter = new TokenBucketLimiter({
      burst: config.LOGO_RATE_LIMIT_BURST,
      perMinute: config.LOGO_RATE_LIMIT_PER_MINUTE,
      maxClients: MAX_TRACKED_CLIENTS,
    });
  }

  /** Counts one request of the client, or throws 429 with Retry-After when it is over the limit. */
  take(clientAddress: string): void {
    const decision = this.limiter.take(clientAddress);
    if (!decision.allowed) throw RequestError.tooManyRequests(decision.retryAfterSeconds);
  }
}
