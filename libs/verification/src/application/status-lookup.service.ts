import { Injectable } from '@nestjs/common';
import { Clock, normaliseEscn } from '@escr/kernel';
import { CardVerdict, decideVerdict } from '../domain/card-verdict.js';
import { VerificationError } from '../domain/verification.error.js';
import { CardStatusReader, ProjectedCard } from '../infrastructure/card-status.reader.js';
import { CardStatusCache } from './card-status-cache.js';
import { LookupCounters } from './lookup-counters.js';

/** A card found by a public lookup, with today's verdict. */
export interface CardLookup {
  card: ProjectedCard;
  verdict: CardVerdict;
}

/** A database read of one ESCN that lookups arriving while it runs may share. */
interface PendingRead {
  /** The cache generation taken before the read started. */
  generation: number;
  read: Promise<ProjectedCard | null>;
}

/**
 * Public lookups of cards. A malformed number is rejected before the cache or the database is touched.
 * The verdict is computed on every request from the clock, so expiry and the 2028 logo transition need
 * no cache invalidation.
 *
 * Concurrent misses of one ESCN share one database read, under the same rule as the cache: only while
 * the cache receives evictions, and only a read that started after the latest eviction. A lookup can
 * therefore get no older data from a shared read than from the cache.
 */
@Injectable()
export class StatusLookupService {
  private readonly pendingReads = new Map<string, PendingRead>();

  constructor(
    private readonly reader: CardStatusReader,
    private readonly cache: CardStatusCache<ProjectedCard>,
    private readonly counters: LookupCounters,
    private readonly clock: Clock,
  ) {}

  /**
   * Looks a card up, rejecting with ER-0100 for a malformed ESCN and ER-0001 for an unknown one. It returns
   * a promise chain rather than being an async function, which saves promises on the busiest route.
   */
  lookup(escnParameter: string): Promise<CardLookup> {
    const escn = normaliseEscn(escnParameter);
    if (!escn) {
      this.counters.count('malformed');

      return Promise.reject(VerificationError.malformedEscn(escnParameter));
    }

    const cached = this.cache.get(escn);
    if (cached) {
      this.counters.countCacheHit();
      try {
        return Promise.resolve(this.toLookup(escn, cached.value));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }

    return this.read(escn).then((card) => this.toLookup(escn, card));
  }

  /**
   * Looks a card up in the cache alone, without waiting. Returns the lookup of a cached card, null for a
   * cached absence, or undefined when the cache has no entry (a miss, a malformed ESCN, or the cache off).
   * Only found cards are counted here, since the other cases are counted by `lookup`.
   */
  lookupCached(escnParameter: string): CardLookup | null | undefined {
    const escn = normaliseEscn(escnParameter);
    if (!escn) return undefined;

    const cached = this.cache.get(escn);
    if (!cached?.value) return cached ? null : undefined;

    this.counters.countCacheHit();
    this.counters.count('found');

    return { card: cached.value, verdict: decideVerdict(cached.value, this.today()) };
  }

  /** Today's date in UTC as yyyy-MM-dd. */
  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /** Counts the outcome and returns the lookup, or throws ER-0001 when there is no card. */
  private toLookup(escn: string, card: ProjectedCard | null): CardLookup {
    if (!card) {
      this.counters.count('notFound');
      throw VerificationError.cardNotFound(escn);
    }
    this.counters.count('found');

    return { card, verdict: decideVerdict(card, this.today()) };
  }

  /** Reads a card from the database and caches it, or joins a read of the same ESCN that may be shared. */
  private read(escn: string): Promise<ProjectedCard | null> {
    const generation = this.cache.generation;
    const shareable = this.cache.isLive && !this.reader.inTransaction;
    if (shareable) {
      const pending = this.pendingReads.get(escn);
      if (pending?.generation === generation) return pending.read;
    }

    const read: Promise<ProjectedCard | null> = this.reader.find(escn).then(
      (card) => {
        this.forgetRead(escn, read);
        this.cache.store(escn, card, generation);

        return card;
      },
      (error: unknown) => {
        this.forgetRead(escn, read);
        throw error;
      },
    );
    if (shareable) this.pendingReads.set(escn, { generation, read });

    return read;
  }

  private forgetRead(escn: string, read: Promise<ProjectedCard | null>): void {
    if (this.pendingReads.get(escn)?.read === read) this.pendingReads.delete(escn);
  }
}
