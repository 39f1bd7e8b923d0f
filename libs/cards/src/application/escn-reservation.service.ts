import { Injectable, Logger } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';
import { EscnGenerator } from '../domain/escn-generator.js';
import { EscnReservationRateLimiter } from './escn-reservation-rate-limiter.js';
import { EscnReservationError } from './escn-reservation.errors.js';

/** Rounds of minting before giving up. A collision needs the same time value and the same random 14 bits. */
const RESERVE_ATTEMPTS = 5;

/**
 * Mints ESCNs for card management systems and reserves them for the PIC they were minted for, so that
 * no other issuer can register them and no later call returns them again.
 */
@Injectable()
export class EscnReservationService {
  private readonly logger = new Logger(EscnReservationService.name);
  private readonly generator: EscnGenerator;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
    private readonly rateLimiter: EscnReservationRateLimiter,
  ) {
    this.generator = new EscnGenerator(() => this.clock.now().getTime());
  }

  /** Reserves ESCNs for a public caller, within the per-address rate limit. */
  async reserveFor(clientAddress: string, prefix: number, pic: string, count: number): Promise<string[]> {
    this.rateLimiter.take(clientAddress, count);

    return this.reserve(prefix, pic, count);
  }

  /**
   * Mints and reserves `count` ESCNs for a PIC, in minting order. A number that collides with a
   * reservation or a card is dropped and replaced. The primary key of the reservation table decides.
   */
  async reserve(prefix: number, pic: string, count: number): Promise<string[]> {
    const reserved: string[] = [];
    for (let attempt = 1; reserved.length < count; attempt++) {
      if (attempt > RESERVE_ATTEMPTS) throw EscnReservationError.exhausted(count, reserved.length);

      const candidates = Array.from({ length: count - reserved.length }, () => this.generator.next(prefix, pic));
      const inserted = await this.insertFree(candidates, pic);
      reserved.push(...candidates.filter((escn) => inserted.has(escn)));
      if (inserted.size < candidates.length) {
        this.logger.warn({ attempt, collisions: candidates.length - inserted.size }, 'minted ESCNs collided, minting replacements');
      }
    }

    return reserved;
  }

  private async insertFree(candidates: string[], pic: string): Promise<Set<string>> {
    const rows: { escn: string }[] = await this.transactions.manager.query(
      `INSERT INTO cards.escn_reservation (escn, pic, reserved_at)
       SELECT candidate, $2, $3 FROM unnest($1::text[]) AS candidate
       WHERE NOT EXISTS (SELECT 1 FROM cards.card WHERE card.escn = candidate)
       ON CONFLICT (escn) DO NOTHING
       RETURNING escn`,
      [candidates, pic, this.clock.now()],
    );

    return new Set(rows.map((row) => row.escn));
  }
}
