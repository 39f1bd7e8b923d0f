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

/**
 * Public lookups of cards. A malformed number is rejected before the cache or the database is touched.
 * The verdict is computed on every request from the clock, so expiry and the 2028 logo transition need
 * no cache invalidation.
 */
@Injectable()
export class StatusLookupService {
  constructor(
    private readonly reader: CardStatusReader,
    private readonly cache: CardStatusCache<ProjectedCard>,
    private readonly counters: LookupCounters,
    private readonly clock: Clock,
  ) {}

  /** Looks a card up, throwing ER-0100 for a malformed ESCN and ER-0001 for an unknown one. */
  async lookup(escnParameter: string): Promise<CardLookup> {
    const escn = normaliseEscn(escnParameter);
    if (!escn) {
      this.counters.count('malformed');
      throw VerificationError.malformedEscn(escnParameter);
    }

    const card = await this.find(escn);
    if (!card) {
      this.counters.count('notFound');
      throw VerificationError.cardNotFound(escn);
    }
    this.counters.count('found');

    return { card, verdict: decideVerdict(card, this.today()) };
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

  private async find(escn: string): Promise<ProjectedCard | null> {
    const cached = this.cache.get(escn);
    if (cached) {
      this.counters.countCacheHit();

      return cached.value;
    }

    const generation = this.cache.generation;
    const card = await this.reader.find(escn);
    this.cache.store(escn, card, generation);

    return card;
  }
}
