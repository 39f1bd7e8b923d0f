import { TokenBucketLimiter } from './token-bucket-limiter';

describe('TokenBucketLimiter', () => {
  let now = 0;
  const limiter = () => new TokenBucketLimiter({ burst: 3, perMinute: 60, maxClients: 2 }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows the burst then rejects with Retry-After', () => {
    const buckets = limiter();

    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the sustained rate', () => {
    const buckets = limiter();
    for (let index = 0; index < 3; index++) buckets.take('a');

    now += 999;
    expect(buckets.take('a').allowed).toBe(false);
    now += 2;
    expect(buckets.take('a').allowed).toBe(true);
  });

  it('limits each client separately', () => {
    const buckets = limiter();
    for (let index = 0; index < 4; index++) buckets.take('noisy');

    expect(buckets.take('quiet').allowed).toBe(true);
  });

  it('bounds the clients it tracks', () => {
    const buckets = limiter();
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');

    expect(buckets.trackedClients).toBeLessThanOrEqual(2);
  });
});
