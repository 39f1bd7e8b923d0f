/** Result of one rate-limit check. `retryAfterSeconds` is set only when the request is rejected. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export interface TokenBucketSettings {
  /** Requests a client may make at once after being idle. */
  burst: number;
  /** Sustained requests per minute per client. */
  perMinute: number;
  /** Clients tracked at most; when exceeded, the buckets that have refilled are dropped. */
  maxClients: number;
}

/**
 * Per-client token buckets kept in this process's memory. Each router instance limits on its own,
 * so behind a load balancer without client affinity a client may make up to N times the limit.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokensPerMs: number;

  constructor(
    private readonly settings: TokenBucketSettings,
    private readonly nowMs: () => number = () => Date.now(),
  ) {
    this.tokensPerMs = settings.perMinute / 60_000;
  }

  get trackedClients(): number {
    return this.buckets.size;
  }

  /** Takes one token for the client, or returns how long until one is available. */
  take(client: string): RateDecision {
    const now = this.nowMs();
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= this.settings.maxClients) this.makeRoom(now);
      bucket = { tokens: this.settings.burst, updatedAtMs: now };
      this.buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(this.settings.burst, bucket.tokens + (now - bucket.updatedAtMs) * this.tokensPerMs);
      bucket.updatedAtMs = now;
    }

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;

      return { allowed: true };
    }

    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.tokensPerMs / 1000)) };
  }

  /** Sweeps, then drops the oldest tracked clients if the table is still full, so memory stays bounded. */
  private makeRoom(now: number): void {
    this.sweep(now);
    for (const client of this.buckets.keys()) {
      if (this.buckets.size < this.settings.maxClients) return;
      this.buckets.delete(client);
    }
  }

  /** Drops the buckets that are full again, since a new bucket starts full anyway. */
  sweep(now = this.nowMs()): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAtMs) * this.tokensPerMs >= this.settings.burst) this.buckets.delete(client);
    }
  }
}
