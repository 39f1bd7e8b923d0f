import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppConfig, Clock, picOfEscn, Principal, TransactionHost } from '@escr/kernel';
import type { OrganisationSnapshot } from '@escr/organisations';
import { CardType, WritableCardStatus } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { EscnGenerator } from '../domain/escn-generator.js';
import { CardIssued } from '../events/card-events.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { AuditTrail } from './audit-trail.js';
import { cardFacts, cardValues, escnOf } from './card-facts.js';
import { EscnReservationService } from './escn-reservation.service.js';
import { PersonsService, PersonWithLinks } from './persons.service.js';

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

/** Attempts at minting before giving up; a collision needs the same random 14 bits at the same time value. */
const MINT_ATTEMPTS = 5;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;

  const driverError = error.driverError as { code?: string; constraint?: string };

  return driverError.code === '23505' && driverError.constraint === constraint;
}

/** Issues cards and reads one card. Updates and deletions are in CardChangesService. */
@Injectable()
export class CardsService {
  private readonly logger = new Logger(CardsService.name);
  private readonly generator: EscnGenerator;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly persons: PersonsService,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reservations: EscnReservationService,
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

    const holder = await this.persons.findWithLinks(input.personIdentifier, [issuer.id]);
    if (!holder || holder.links.length === 0) throw CardsError.personNotFound(input.personIdentifier);

    const supplied = input.cardNumber?.trim() ? this.checkSuppliedEscn(input.cardNumber.trim(), issuer) : null;
    for (let attempt = 1; ; attempt++) {
      const escn = supplied ?? this.generator.next(this.config.ESCN_MINT_PREFIX, issuer.identifier);
      try {
        const card = await this.insert(principal, escn, input, holder, issuer, processor);
        this.logger.debug({ cardId: card.id, issuerOrganisationId: issuer.id }, 'card issued');

        return { card, ...holder };
      } catch (error) {
        if (!isUniqueViolation(error, 'uq_card_escn')) throw error;
        if (supplied) throw CardsError.cardExists(escn);
        if (attempt >= MINT_ATTEMPTS) throw CardsError.escnExhausted();
        this.logger.warn({ attempt }, 'minted ESCN collided; minting another');
      }
    }
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

  private async insert(
    principal: Principal,
    escn: string,
    input: CardInput,
    holder: PersonWithLinks,
    issuer: OrganisationSnapshot,
    processor: OrganisationSnapshot | null,
  ): Promise<CardEntity> {
    return this.transactions.run(async () => {
      // Holds the holder's link until commit, so that a concurrent erasure cannot delete the person under the card.
      const linked: unknown[] = await this.transactions.manager.query(
        'SELECT 1 FROM cards.person_link WHERE person_id = $1 AND organisation_id = $2 FOR SHARE',
        [holder.person.id, issuer.id],
      );
      if (linked.length === 0) throw CardsError.personNotFound(holder.person.esi);

      await this.reservations.claim(escn, issuer.identifier);
      const repository = this.transactions.manager.getRepository(CardEntity);
      const now = this.clock.now();
      const card = repository.create({
        escn,
        personId: holder.person.id,
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
      await repository.insert(card);
      await this.audit.record(principal, {
        organisationId: issuer.id,
        subjectType: 'CARD',
        subjectKey: escn,
        personId: holder.person.id,
        action: 'CREATE',
        before: null,
        after: cardValues(card, holder.person.esi, processor?.identifier ?? null),
      });
      this.transactions.record(new CardIssued(cardFacts(card, issuer)));

      return card;
    });
  }

  private checkSuppliedEscn(value: string, issuer: OrganisationSnapshot): string {
    const escn = escnOf('cardNumber', value);
    if (this.config.ESCN_REQUIRE_ISSUER_PIC && picOfEscn(escn) !== issuer.identifier) {
      throw CardsError.invalid('cardNumber', `the last 9 digits of ${escn} must be the issuer PIC ${issuer.identifier}`);
    }

    return escn;
  }
}
