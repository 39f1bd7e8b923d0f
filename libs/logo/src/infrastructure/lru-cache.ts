/**
 * A least-recently-used cache on a Map, whose iteration order is insertion order: a hit moves the
 * entry to the end and an insert past the capacity evicts the first entry.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Returns the cached value, or computes, stores and returns it. */
  getOrCreate(key: K, create: () => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, cached);

      return cached;
    }

    const value = create();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }

    return value;
  }
}
