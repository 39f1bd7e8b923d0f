/** Runs at most `max` async tasks at a time. Later tasks wait in arrival order for a free slot. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }

    try {
      return await task();
    } finally {
      // A waiting task takes over the slot directly, so `active` stays the same.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
