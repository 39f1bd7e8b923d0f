import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppConfig, Clock, picOfEscn, Principal, TransactionHost } from '@escr/kernel';
import type { OrganisationSnapshot } from '@escr/organisations';
import { CardType, WritableCardStatus } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { EscnGenerator } from '../domain/escn-generator.js';
import { CardIssued } from '../events/card-events.js';
import { checkEsi } from '../domain/esi.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { actorOf } from './audit-trail.js';
import { cardFacts, cardValues, escnOf } from './card-facts.js';
import { EscnReservationError } from './escn-reservation.errors.js';
import { linkedPersonOf, LinkedPersonRow, PersonsService, PersonWithLinks } from './persons.service.js';

export interface CardInput {
  cardNumber?: string;
  cardStatusType: WritableCardStatus;
  cardType: CardType;
  displayName?: string;
  issuedAt: string;
  expiresAt: string;
  issuerIdentifier: string;
  personIdentifier: string;
  processorIdentifier?: string;
}

export interface IssuedCard extends PersonWithLinks {
  card: CardEntity;
}

/** The result row of the single statement of insertAlone: the card, the reservation found, and the holder, if any. */
interface IssuedRow extends Omit<LinkedPersonRow, 'id'> {
  card_id: string | null;
  reserved_pic: string | null;
  reserved_used_at: Date | null;
  /** The holder's person id; null when the person is unknown or not linked to the issuer. */
  id: string | null;
}

/** Attempts at minting before giving up; a collision needs the same random 14 bits at the same time value. */
const MINT_ATTEMPTS = 5;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;

  const driverError = error.driverError as { code?: string; constraint?: string };

  return driverError.code === '23505' && driverError.constraint === constraint;
}

/** Issues cards and reads one card. Updates and deletions are in CardChangesService. */
/** Builds the row of a card about to be issued; both write paths insert it. */
function newCard(
  escn: string,
  input: CardInput,
  personId: string | null,
  issuer: OrganisationSnapshot,
  processor: OrganisationSnapshot | null,
  now: Date,
): CardEntity {
  return Object.assign(new CardEntity(), {
    escn,
    personId,
    issuerOrganisationId: issuer.id,
    processorOrganisationId: processor?.id ?? null,
    cardType: input.cardType,
    status: input.cardStatusType,
    displayName: input.displayName ?? null,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  });
}


/** Throws unless the ESCN's reservation, if any, was made for this issuer's PIC and not used yet. */
function assertReservationUsable(escn: string, pic: string, row: { reserved_pic: string | null; reserved_used_at: Date | null }): void {
  if (row.reserved_pic !== null && row.reserved_pic !== pic) throw EscnReservationError.reservedForAnotherIssuer(escn, row.reserved_pic, pic);
  if (row.reserved_used_at !== null) throw EscnReservationError.reservationUsed(escn);
}

@Injectable()
export class CardsService {
  private readonly logger = new Logger(CardsService.name);
  private readonly generator: EscnGenerator;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly persons: PersonsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.generator = new EscnGenerator(() => this.clock.now().getTime());
  }

  /** Issues a card to a person linked to the issuer, minting the ESCN when none is given. */
  async issue(principal: Principal, input: CardInput): Promise<IssuedCard> {
    const caller = await this.acting.caller(principal);
    const issuer = await this.acting.target(caller, 'issuerIdentifier', input.issuerIdentifier);
    const processor = await this.acting.processorOf(input.processorIdentifier, issuer);
    if (input.expiresAt < input.issuedAt) {
      throw CardsError.invalid('expiresAt', `${input.expiresAt} is before issuedAt ${input.issuedAt}`);
    }

    const supplied = input.cardNumber?.trim() || null;
    for (let attempt = 1; ; attempt++) {
      const escn = supplied ?? this.generator.next(this.config.ESCN_MINT_PREFIX, issuer.identifier);
      try {
        const issued = this.transactions.inTransaction
          ? await this.issueInTransaction(principal, escn, supplied !== null, input, issuer, processor)
          : await this.insertAlone(principal, supplied ? await this.suppliedEscnFor(supplied, input, issuer) : escn, input, issuer, processor);
        this.logger.debug({ cardId: issued.card.id, issuerOrganisationId: issuer.id }, 'card issued');

        return issued;
      } catch (error) {
        if (!isUniqueViolation(error, 'uq_card_escn')) throw error;
        if (supplied) throw CardsError.cardExists(escnOf('cardNumber', supplied));
        if (attempt >= MINT_ATTEMPTS) throw CardsError.escnExhausted();
        this.logger.warn({ attempt }, 'minted ESCN collided; minting another');
      }
    }
  }

  /** Issues a card inside the caller's transaction, checking the holder before a supplied ESCN. */
  private async issueInTransaction(
    principal: Principal,
    escn: string,
    isSupplied: boolean,
    input: CardInput,
    issuer: OrganisationSnapshot,
    processor: OrganisationSnapshot | null,
  ): Promise<IssuedCard> {
    return this.transactions.run(async () => {
      const holder = await this.persons.lockLinked(input.personIdentifier, issuer.id);
      if (!holder) throw CardsError.personNotFound(input.personIdentifier);

      const checked = isSupplied ? this.checkSuppliedEscn(escn, issuer) : escn;
      const card = await this.insert(principal, checked, input, holder, issuer, processor);

      return { card, ...holder };
    });
  }

  /** Returns a live card the caller acts for, with its holder's links that the caller may see. */
  async find(principal: Principal, cardNumber: string): Promise<IssuedCard> {
    const escn = escnOf('escn', cardNumber);
    const caller = await this.acting.caller(principal);
    const card = await this.transactions.manager.getRepository(CardEntity).findOneBy({ escn });
    if (!card || card.deletedAt !== null || card.personId === null) throw CardsError.cardNotFound(escn);

    await this.acting.targetById(caller, card.issuerOrganisationId);

    return this.withHolder(caller, card);
  }

  /** Loads the holder of a card with the links the caller may see. */
  async withHolder(caller: OrganisationSnapshot, card: CardEntity): Promise<IssuedCard> {
    const holder = await this.transactions.manager.query(
      'SELECT organisation_id FROM cards.person_link WHERE person_id = $1',
      [card.personId],
    ) as { organisation_id: number }[];
    const visible = await this.acting.visibleIds(caller, holder.map((row) => row.organisation_id));
    const person = card.personId === null ? null : await this.persons.findPersonById(card.personId);
    // The holder was erased after the card was read, which also deleted the card.
    if (!person) throw CardsError.cardNotFound(card.escn);

    return { card, person, links: await this.persons.linksOf([person.id], [...visible]) };
  }

  /**
   * Writes the card and its audit entry with one statement, inside the caller's transaction, which has
   * locked the holder's link. The same statement claims the ESCN's reservation, if there is one: a number
   * reserved for another PIC, or already used, is rejected and nothing is written. A number that was
   * never reserved passes unchanged. A duplicate ESCN fails on uq_card_escn.
   */
  private async insert(
    principal: Principal,
    escn: string,
    input: CardInput,
    holder: PersonWithLinks,
    issuer: OrganisationSnapshot,
    processor: OrganisationSnapshot | null,
  ): Promise<CardEntity> {
    const now = this.clock.now();
    const card = newCard(escn, input, holder.person.id, issuer, processor, now);
    const { actorType, actorId } = actorOf(principal);
    const after = cardValues(card, holder.person.esi, processor?.identifier ?? null);
    const [row]: { id: string | null; reserved_pic: string | null; reserved_used_at: Date | null }[] = await this.transactions.manager.query(
      `WITH reservation AS (
         SELECT pic, used_at FROM cards.escn_reservation WHERE escn = $1::bpchar FOR UPDATE
       ), usable AS (
         SELECT NOT EXISTS (SELECT 1 FROM reservation WHERE pic <> $2::bpchar OR used_at IS NOT NULL) AS ok
       ), claimed AS (
         UPDATE cards.escn_reservation AS reserved SET used_at = $11::timestamptz
           FROM reservation WHERE reserved.escn = $1::bpchar AND reservation.pic = $2::bpchar AND reservation.used_at IS NULL
         RETURNING reserved.escn
       ), inserted AS (
         INSERT INTO cards.card (escn, person_id, issuer_organisation_id, processor_organisation_id, card_type, status,
                                 display_name, issued_at, expires_at, created_at, updated_at, deleted_at)
         SELECT $1::bpchar, $3::uuid, $4::integer, $5::integer, $6::text, $7::text, $8::text, $9::date, $10::date,
                $11::timestamptz, $11::timestamptz, NULL FROM usable WHERE usable.ok
         RETURNING id
       ), audited AS (
         INSERT INTO cards.audit_entry (organisation_id, actor_type, actor_id, subject_type, subject_key, person_id, action,
                                        before, after, occurred_at)
         SELECT $4::integer, $12::text, $13::text, 'CARD', $1::bpchar, $3::uuid, 'CREATE', NULL, $14::jsonb, $11::timestamptz
           FROM inserted
       )
       SELECT (SELECT id FROM inserted) AS id, (SELECT pic FROM reservation) AS reserved_pic,
              (SELECT used_at FROM reservation) AS reserved_used_at`,
      [
        escn,
        issuer.identifier,
        card.personId,
        card.issuerOrganisationId,
        card.processorOrganisationId,
        card.cardType,
        card.status,
        card.displayName,
        card.issuedAt,
        card.expiresAt,
        now,
        actorType,
        actorId,
        JSON.stringify(after),
      ],
    );
    assertReservationUsable(escn, issuer.identifier, row);

    card.id = row.id!;
    this.transactions.record(new CardIssued(cardFacts(card, issuer)));

    return card;
  }

  /**
   * Checks a supplied ESCN before the single statement of insertAlone. When it is invalid and the person
   * is unknown too, the person error wins, as it does inside a transaction.
   */
  private async suppliedEscnFor(supplied: string, input: CardInput, issuer: OrganisationSnapshot): Promise<string> {
    try {
      return this.checkSuppliedEscn(supplied, issuer);
    } catch (error) {
      const holder = await this.transactions.run(() => this.persons.lockLinked(input.personIdentifier, issuer.id));
      if (!holder) throw CardsError.personNotFound(input.personIdentifier);
      throw error;
    }
  }

  /**
   * Issues a card with one statement, outside any transaction: the statement is atomic by itself. It
   * reads the holder's link to the issuer and locks it with FOR SHARE, so that a concurrent erasure
   * cannot delete the person meanwhile. It claims the ESCN's reservation, if there is one, and writes
   * the card, its audit entry and its CardIssued event. A number reserved for another PIC or already used is
   * rejected, and an unknown or unlinked person fails with ER-0003, both with nothing written. A duplicate
   * ESCN fails on uq_card_escn. The rules are those of insert, which runs inside a caller's transaction.
   */
  private async insertAlone(
    principal: Principal,
    escn: string,
    input: CardInput,
    issuer: OrganisationSnapshot,
    processor: OrganisationSnapshot | null,
  ): Promise<IssuedCard> {
    const esi = checkEsi(input.personIdentifier);
    if (!esi.valid) throw CardsError.personNotFound(input.personIdentifier);

    const now = this.clock.now();
    const card = newCard(escn, input, null, issuer, processor, now);
    const { actorType, actorId } = actorOf(principal);
    // personIdentifier is the ESI as the holder registered it, which the statement adds.
    const after = cardValues(card, '', processor?.identifier ?? null);
    const event = new CardIssued(cardFacts(card, issuer));
    const outbox = this.transactions.outboxInsertFor([event], 15, 'EXISTS (SELECT 1 FROM inserted)');
    const [row] = await this.transactions.queryPrepared<IssuedRow>(
      'cards.issue-card-alone',
      `WITH holder AS (
         SELECT person.id, person.esi, person.esi_key, person.created_at, link.esi_key AS link_esi_key, link.full_name,
                link.email, link.academic_level, link.has_picture, link.created_at AS link_created_at, link.updated_at
           FROM cards.person AS person
           JOIN cards.person_link AS link ON link.person_id = person.id AND link.organisation_id = $4::integer
          WHERE person.esi_key = $3::text
            FOR SHARE OF link
       ), reservation AS (
         SELECT pic, used_at FROM cards.escn_reservation WHERE escn = $1::bpchar FOR UPDATE
       ), usable AS (
         SELECT EXISTS (SELECT 1 FROM holder)
                AND NOT EXISTS (SELECT 1 FROM reservation WHERE pic <> $2::bpchar OR used_at IS NOT NULL) AS ok
       ), claimed AS (
         UPDATE cards.escn_reservation AS reserved SET used_at = $11::timestamptz
           FROM reservation, usable
          WHERE usable.ok AND reserved.escn = $1::bpchar AND reservation.pic = $2::bpchar AND reservation.used_at IS NULL
         RETURNING reserved.escn
       ), inserted AS (
         INSERT INTO cards.card (escn, person_id, issuer_organisation_id, processor_organisation_id, card_type, status,
                                 display_name, issued_at, expires_at, created_at, updated_at, deleted_at)
         SELECT $1::bpchar, holder.id, $4::integer, $5::integer, $6::text, $7::text, $8::text, $9::date, $10::date,
                $11::timestamptz, $11::timestamptz, NULL
           FROM holder, usable WHERE usable.ok
         RETURNING id
       ), audited AS (
         INSERT INTO cards.audit_entry (organisation_id, actor_type, actor_id, subject_type, subject_key, person_id, action,
                                        before, after, occurred_at)
         SELECT $4::integer, $12::text, $13::text, 'CARD', $1::bpchar, holder.id, 'CREATE', NULL,
                $14::jsonb || jsonb_build_object('personIdentifier', holder.esi), $11::timestamptz
           FROM inserted, holder
       ), outboxed AS (
         ${outbox.sql}
       )
       SELECT (SELECT id FROM inserted) AS card_id, (SELECT pic FROM reservation) AS reserved_pic,
              (SELECT used_at FROM reservation) AS reserved_used_at, holder.*
         FROM (SELECT 1) AS one LEFT JOIN holder ON true`,
      [
        escn,
        issuer.identifier,
        esi.key,
        card.issuerOrganisationId,
        card.processorOrganisationId,
        card.cardType,
        card.status,
        card.displayName,
        card.issuedAt,
        card.expiresAt,
        now,
        actorType,
        actorId,
        JSON.stringify(after),
        ...outbox.values,
      ],
    );
    if (row.id === null) throw CardsError.personNotFound(input.personIdentifier);
    assertReservationUsable(escn, issuer.identifier, row);

    this.transactions.eventsWrittenAlone([event]);
    card.id = row.card_id!;
    card.personId = row.id;

    return { card, ...linkedPersonOf({ ...row, id: row.id }, issuer.id) };
  }

  private checkSuppliedEscn(value: string, issuer: OrganisationSnapshot): string {
    const escn = escnOf('cardNumber', value);
    if (this.config.ESCN_REQUIRE_ISSUER_PIC && picOfEscn(escn) !== issuer.identifier) {
      throw CardsError.invalid('cardNumber', `the last 9 digits of ${escn} must be the issuer PIC ${issuer.identifier}`);
    }

    return escn;
  }
}
