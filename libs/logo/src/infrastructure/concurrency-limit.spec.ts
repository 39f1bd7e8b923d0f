import { ConcurrencyLimit } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };

    await Promise.all(Array.from({ length: 7 }, () => limit.run(task)));

    expect(peak).toBe(2);
    expect(running).toBe(0);
  });

  it('frees the slot of a failed task', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('render failed')))).rejects.toThrow('render failed');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
