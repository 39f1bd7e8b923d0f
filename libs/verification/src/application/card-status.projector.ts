import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { CardDeleted, CardFacts, CardIssued, CardStatusChanged, PersonErased } from '@escr/cards';
import { OrganisationsFacade } from '@escr/organisations';
import { CARD_STATUS_CHANNEL, ESCNS_PER_NOTIFICATION } from '../infrastructure/card-status-listener.js';

type CardEvent = CardIssued | CardStatusChanged | CardDeleted | PersonErased;

// Array parameters keep each statement's text the same for any batch size, so it is prepared once per connection.
// An issuer that starts publishing display names gets a pending backfill (see IssuerRefreshJob).
const UPSERT_ISSUERS = `
  INSERT INTO verification.issuer AS stored (organisation_id, identifier, name, new_logo_at, publish_display_name, refreshed_at)
  SELECT fresh.*, $6::timestamptz FROM unnest($1::integer[], $2::text[], $3::text[], $4::date[], $5::boolean[]) AS fresh
  ON CONFLICT (organisation_id) DO UPDATE
    SET identifier = excluded.identifier, name = excluded.name, new_logo_at = excluded.new_logo_at,
        publish_display_name = excluded.publish_display_name, refreshed_at = excluded.refreshed_at,
        display_names_after = CASE WHEN NOT excluded.publish_display_name THEN NULL
                                   WHEN NOT stored.publish_display_name THEN ''
                                   ELSE stored.display_names_after END`;
/**
 * Stores each card's facts unless its row came from a later event or a later event removed the card,
 * since deliveries from several instances may arrive out of order.
 */
const UPSERT_CARD_STATUSES = `
  INSERT INTO verification.card_status (card_number, status, card_type, issued_at, expires_at, issuer_organisation_id,
                                        issuer_identifier, issuer_name, display_name, event_sequence, updated_at)
  SELECT card.*, $11::timestamptz
    FROM unnest($1::bpchar[], $2::text[], $3::text[], $4::date[], $5::date[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::bigint[])
         AS card (card_number, status, card_type, issued_at, expires_at, issuer_organisation_id, issuer_identifier, issuer_name,
                  display_name, event_sequence)
   WHERE NOT EXISTS (SELECT 1 FROM verification.card_removal removal
                      WHERE removal.card_number = card.card_number AND removal.event_sequence > card.event_sequence)
  ON CONFLICT (card_number) DO UPDATE
    SET status = excluded.status, card_type = excluded.card_type, issued_at = excluded.issued_at, expires_at = excluded.expires_at,
        issuer_organisation_id = excluded.issuer_organisation_id, issuer_identifier = excluded.issuer_identifier,
        issuer_name = excluded.issuer_name, display_name = excluded.display_name, event_sequence = excluded.event_sequence,
        updated_at = excluded.updated_at
    WHERE card_status.event_sequence < excluded.event_sequence`;
/** Removes cards and remembers the sequence of each removal, so that an older event cannot bring a card back. */
const REMOVE_CARD_STATUSES = `
  WITH removed AS (
    SELECT * FROM unnest($1::bpchar[], $2::bigint[]) AS removed (card_number, event_sequence)
  ), remembered AS (
    INSERT INTO verification.card_removal (card_number, event_sequence) SELECT card_number, event_sequence FROM removed
    ON CONFLICT (card_number) DO UPDATE SET event_sequence = greatest(card_removal.event_sequence, excluded.event_sequence)
  )
  DELETE FROM verification.card_status AS status USING removed
   WHERE status.card_number = removed.card_number AND status.event_sequence < removed.event_sequence`;
const ANNOUNCE = 'SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload';

/**
 * Keeps verification.card_status and verification.issuer in step with card events, a batch of events
 * at a time. The last event of each card in the batch decides whether its facts are stored or it is
 * removed, and each table gets one statement per batch. Each row keeps the outbox sequence of its
 * event, so an older event delivered late or again changes nothing. The changed
 * ESCNs also go out with NOTIFY in the same transaction, so every instance evicts its cached copies once
 * the change is committed. NOTIFY is delivered at commit, so no instance evicts before the change is
 * visible to its next read.
 */
@Injectable()
export class CardStatusProjector implements OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly transactions: TransactionHost,
    private readonly organisations: OrganisationsFacade,
  ) {}

  onModuleInit(): void {
    // Cards also sends CardDeleted for each card of an erased person; PersonErased keeps erasure complete on its own.
    this.dispatcher.subscribeBatch(
      'verification.project-cards',
      [CardIssued, CardStatusChanged, CardDeleted, PersonErased],
      (events) => this.project(events),
    );
  }

  private async project(events: CardEvent[]): Promise<void> {
    const latest = latestChanges(events);
    const stored = [...latest].flatMap(([, change]) => (change.facts ? [{ facts: change.facts, sequence: change.sequence }] : []));
    const removed = [...latest].filter(([, change]) => change.facts === null);

    if (stored.length > 0) await this.store(stored);
    if (removed.length > 0) {
      await this.transactions.queryPrepared('verification.remove-card-statuses', REMOVE_CARD_STATUSES, [
        removed.map(([cardNumber]) => cardNumber),
        removed.map(([, { sequence }]) => sequence.toString()),
      ]);
    }
    await this.announce([...latest.keys()]);
  }

  /** Upserts the issuers of the cards, read fresh from Organisations, then the cards' facts. */
  private async store(stored: { facts: CardFacts; sequence: bigint }[]): Promise<void> {
    const issuerById = await this.organisations.findManyByIds(stored.map(({ facts }) => facts.issuerOrganisationId));
    const issuers = [...issuerById.values()];
    const issuerOf = (facts: CardFacts) => issuerById.get(facts.issuerOrganisationId);
    const now = new Date();

    if (issuers.length > 0) {
      await this.transactions.queryPrepared('verification.upsert-issuers', UPSERT_ISSUERS, [
        issuers.map((issuer) => issuer.id),
        issuers.map((issuer) => issuer.identifier),
        issuers.map((issuer) => issuer.name),
        issuers.map((issuer) => issuer.newLogoAt),
        issuers.map((issuer) => issuer.publishDisplayName),
        now,
      ]);
    }
    await this.transactions.queryPrepared('verification.upsert-card-statuses', UPSERT_CARD_STATUSES, [
      stored.map(({ facts }) => facts.cardNumber),
      stored.map(({ facts }) => facts.status),
      stored.map(({ facts }) => facts.cardType),
      stored.map(({ facts }) => facts.issuedAt),
      stored.map(({ facts }) => facts.expiresAt),
      stored.map(({ facts }) => facts.issuerOrganisationId),
      stored.map(({ facts }) => facts.issuerIdentifier),
      stored.map(({ facts }) => issuerOf(facts)?.name ?? facts.issuerName),
      stored.map(({ facts }) => (issuerOf(facts)?.publishDisplayName ? facts.displayName : null)),
      stored.map(({ sequence }) => sequence.toString()),
      now,
    ]);
  }

  private async announce(changed: string[]): Promise<void> {
    const payloads: string[] = [];
    for (let start = 0; start < changed.length; start += ESCNS_PER_NOTIFICATION) {
      payloads.push(changed.slice(start, start + ESCNS_PER_NOTIFICATION).join(','));
    }
    await this.transactions.queryPrepared('verification.announce-card-statuses', ANNOUNCE, [CARD_STATUS_CHANNEL, payloads]);
  }
}

/** Reduces a batch to the last event of each card: its facts to store, or null to remove the card. */
function latestChanges(events: CardEvent[]): Map<string, { facts: CardFacts | null; sequence: bigint }> {
  const latest = new Map<string, { facts: CardFacts | null; sequence: bigint }>();
  for (const event of events) {
    if (event.sequence === undefined) throw new Error(`${event.constructor.name} reached the projector without its outbox sequence`);

    const sequence = event.sequence;
    if (event instanceof PersonErased) {
      for (const cardNumber of event.payload.cardNumbers) latest.set(cardNumber, { facts: null, sequence });
    } else if (event instanceof CardDeleted) {
      latest.set(event.payload.cardNumber, { facts: null, sequence });
    } else {
      latest.set(event.payload.cardNumber, { facts: event.payload, sequence });
    }
  }

  return latest;
}
