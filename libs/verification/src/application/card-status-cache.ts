/** A cached lookup: the card, or null for a card that did not exist when it was read. */
export type CachedLookup<T> = { value: T | null };

interface Entry<T> {
  value: T | null;
  expiresAtMs: number;
}

export interface CardStatusCacheSettings {
  /** Entries kept at most; 0 turns the cache off. */
  maxEntries: number;
  /** Lifetime of a cached card, in milliseconds. */
  ttlMs: number;
  /** Lifetime of a cached "no such card", in milliseconds; 0 stores none. */
  notFoundTtlMs: number;
}

/**
 * In-memory cache of card lookups, least recently used first out.
 *
 * Entries are evicted when a card event is announced (see CardStatusListener), and the cache serves lookups only
 * while that announcement channel is connected. A read that raced with an eviction must not store what it
 * read, because it may be older than the change: `store` therefore takes the generation that `generation`
 * returned before the read and drops the value if any eviction happened since.
 */
export class CardStatusCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Cursor over the keys of `entries` in insertion order, used by `evictOldest`. */
  private oldestFirst: Iterator<string> = this.entries.keys();
  private evictions = 0;
  private live = false;

  constructor(
    private readonly settings: CardStatusCacheSettings,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Counter of evictions, to pass to `store` after the read. */
  get generation(): number {
    return this.evictions;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether invalidations are being received; while not, the cache neither serves nor stores. */
  get isLive(): boolean {
    return this.live;
  }

  /** Turns the cache on or off and empties it, because changes may have been missed while off. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }

  get(key: string): CachedLookup<T> | undefined {
    if (!this.live) return undefined;

    const entry = this.entries.get(key);
    if (!entry) return undefined;

    if (entry.expiresAtMs <= this.nowMs()) {
      this.entries.delete(key);

      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);

    return { value: entry.value };
  }

  /** Stores a read, unless the cache is off or an eviction happened after `generationBeforeRead` was taken. */
  store(key: string, value: T | null, generationBeforeRead: number): void {
    if (!this.live || this.settings.maxEntries === 0 || generationBeforeRead !== this.evictions) return;

    const ttl = value === null ? this.settings.notFoundTtlMs : this.settings.ttlMs;
    if (ttl <= 0) return;

    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.nowMs() + ttl });
    if (this.entries.size > this.settings.maxEntries) this.evictOldest();
  }

  evict(key: string): void {
    this.evictions++;
    this.entries.delete(key);
  }

  clear(): void {
    this.evictions++;
    this.entries.clear();
    this.oldestFirst = this.entries.keys();
  }

  /**
   * Deletes the least recently used entry. A fresh `keys()` iterator would first skip every slot that
   * earlier deletions left at the front of the Map's table: with 200,000 entries and a store on every
   * miss, that grew past 100 µs per store (V8 in Node.js 20.20). A kept iterator skips each such slot once.
   * Its next key is the oldest live entry, because every key it passed was deleted here, and `get` and
   * `store` move the keys they touch to the end.
   */
  private evictOldest(): void {
    let next = this.oldestFirst.next();
    if (next.done) {
      this.oldestFirst = this.entries.keys();
      next = this.oldestFirst.next();
    }
    if (!next.done) this.entries.delete(next.value);
  }
}
