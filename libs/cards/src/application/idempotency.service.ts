import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';
import { CardsError } from '../domain/cards.error.js';

/** How long a key and its stored response are kept, in hours. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** Rows deleted per statement by the cleanup, so that one run never holds many row locks. */
const CLEANUP_BATCH = 5_000;

export type IdempotencyStart = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
}

/**
 * Idempotency keys of POST requests, scoped per organisation, with the semantics of the IETF draft
 * "The Idempotency-Key HTTP Header Field". The first request claims the key. A later request with the
 * same key and the same body receives the stored response, a different body is rejected with 422, and
 * a request that arrives while the first one runs is rejected with 409. A failed request releases its key.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async begin(organisationId: number, key: string, requestHash: string): Promise<IdempotencyStart> {
    const manager = this.transactions.manager;
    const now = this.clock.now();
    const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000);
    await manager.query('DELETE FROM cards.idempotency_key WHERE organisation_id = $1 AND key = $2 AND created_at < $3', [
      organisationId,
      key,
      expiredBefore,
    ]);
    const claimed: unknown[] = await manager.query(
      `INSERT INTO cards.idempotency_key (organisation_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organisation_id, key) DO NOTHING RETURNING key`,
      [organisationId, key, requestHash, now],
    );
    if (claimed.length > 0) return { kind: 'new' };

    const [stored]: StoredKey[] = await manager.query(
      'SELECT request_hash, response_status, response_body, created_at FROM cards.idempotency_key WHERE organisation_id = $1 AND key = $2',
      [organisationId, key],
    );
    if (!stored) throw CardsError.idempotentRequestInFlight(key);
    if (stored.request_hash !== requestHash) throw CardsError.idempotencyKeyReused(key);
    if (stored.response_status === null) throw CardsError.idempotentRequestInFlight(key);

    return { kind: 'replay', status: stored.response_status, body: stored.response_body };
  }

  async complete(organisationId: number, key: string, status: number, body: unknown): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE cards.idempotency_key SET response_status = $3, response_body = $4::jsonb, completed_at = $5
        WHERE organisation_id = $1 AND key = $2`,
      [organisationId, key, status, JSON.stringify(body ?? null), this.clock.now()],
    );
  }

  /** Releases the key of a request that failed, so that the client may retry with it. */
  async release(organisationId: number, key: string): Promise<void> {
    await this.transactions.manager.query(
      'DELETE FROM cards.idempotency_key WHERE organisation_id = $1 AND key = $2 AND completed_at IS NULL',
      [organisationId, key],
    );
  }

  /** Deletes expired keys in batches and returns how many it deleted. */
  async deleteExpired(): Promise<number> {
    const expiredBefore = new Date(this.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000);
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.transactions.manager.query(
        `DELETE FROM cards.idempotency_key WHERE ctid IN (
           SELECT ctid FROM cards.idempotency_key WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [expiredBefore, CLEANUP_BATCH],
      );
      deleted += count;
      if (count < CLEANUP_BATCH) return deleted;
    }
  }
}
