import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@escr/kernel';

/** One card as verification stores it, joined with its issuer's settings. Dates are yyyy-MM-dd. */
export interface ProjectedCard {
  cardNumber: string;
  status: 'ACTIVE' | 'INACTIVE';
  cardType: string;
  issuedAt: string;
  expiresAt: string;
  issuerIdentifier: string;
  issuerName: string;
  /** Null unless the issuer publishes display names. */
  displayName: string | null;
  issuerNewLogoAt: string | null;
}

/**
 * One primary-key read and one primary-key join per card. The issuer row may be missing for cards
 * projected before issuers were copied. The card's own issuer name then applies, and the new-logo date
 * is unknown.
 */
const SELECT_CARDS_FROM = `
  SELECT c.card_number AS "cardNumber",
         c.status,
         c.card_type AS "cardType",
         to_char(c.issued_at, 'YYYY-MM-DD') AS "issuedAt",
         to_char(c.expires_at, 'YYYY-MM-DD') AS "expiresAt",
         c.issuer_identifier AS "issuerIdentifier",
         coalesce(i.name, c.issuer_name) AS "issuerName",
         c.display_name AS "displayName",
         to_char(i.new_logo_at, 'YYYY-MM-DD') AS "issuerNewLogoAt"
    FROM verification.card_status c
    LEFT JOIN verification.issuer i ON i.organisation_id = c.issuer_organisation_id`;
const SELECT_CARD = `${SELECT_CARDS_FROM}
   WHERE c.card_number = $1`;
// card_number is char(36), so the array is bpchar[]: a text[] would cast the column and skip its index.
const SELECT_CARDS = `${SELECT_CARDS_FROM}
   WHERE c.card_number = ANY($1::bpchar[])`;

/**
 * Name of the prepared statement of SELECT_CARDS on each pooled connection. PostgreSQL then parses the
 * query once per connection instead of on every read, and pg sends Bind/Execute without Parse.
 * NOTE: a migration that changes the type of a selected column while instances run makes the statement
 * fail on the connections that prepared it ("cached plan must not change result type") until they reconnect.
 */
const SELECT_CARDS_STATEMENT = 'escr_verification_select_cards';

/** ESCNs read by one query at most. */
const MAX_BATCH_SIZE = 64;

/** A `find` waiting for its batch. */
interface PendingFind {
  escn: string;
  resolve: (card: ProjectedCard | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads the verification projection with plain SQL, because this is the router's busiest query.
 *
 * Outside a transaction it goes straight to the pg pool under TypeORM's PostgreSQL driver, skipping
 * TypeORM's per-query runner, and it batches. At most half the pool's connections run status queries at
 * once. The ESCNs requested while they run wait and go out together in the next query (up to
 * MAX_BATCH_SIZE). Under load one query and one round trip then serve many lookups, which cuts the
 * per-query CPU of both the router and PostgreSQL, and a flood of lookups leaves the other half of the
 * pool to the rest of the router. When a slot is free, a read is sent at once, so a lone lookup does not
 * wait.
 */
@Injectable()
export class CardStatusReader {
  private readonly pool: Pool;
  private readonly maxQueriesInFlight: number;
  private readonly queue: PendingFind[] = [];
  private queriesInFlight = 0;

  constructor(
    private readonly transactions: TransactionHost,
    dataSource: DataSource,
  ) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.maxQueriesInFlight = Math.max(1, Math.floor((this.pool.options.max ?? 10) / 2));
  }

  /** Whether a read joins the caller's transaction instead of using a pooled connection of its own. */
  get inTransaction(): boolean {
    return this.transactions.inTransaction;
  }

  /** Reads one card, or null when there is none. A failed batch query rejects every lookup in it. */
  find(escn: string): Promise<ProjectedCard | null> {
    if (this.transactions.inTransaction) {
      return this.transactions.manager.query(SELECT_CARD, [escn]).then((rows: ProjectedCard[]) => rows[0] ?? null);
    }

    return new Promise((resolve, reject) => {
      this.queue.push({ escn, resolve, reject });
      if (this.queriesInFlight < this.maxQueriesInFlight) this.sendBatch();
    });
  }

  private sendBatch(): void {
    const batch = this.queue.splice(0, MAX_BATCH_SIZE);
    this.queriesInFlight++;
    this.pool.query<ProjectedCard>({ name: SELECT_CARDS_STATEMENT, text: SELECT_CARDS, values: [batch.map((pending) => pending.escn)] }).then(
      (result) => {
        const cards = new Map<string, ProjectedCard>();
        for (const card of result.rows) cards.set(card.cardNumber, card);
        for (const pending of batch) pending.resolve(cards.get(pending.escn) ?? null);
        this.batchDone();
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
        this.batchDone();
      },
    );
  }

  private batchDone(): void {
    this.queriesInFlight--;
    if (this.queue.length > 0) this.sendBatch();
  }
}
