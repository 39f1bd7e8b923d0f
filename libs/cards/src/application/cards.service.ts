import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppConfig, Clock, normaliseEscn, picOfEscn, Principal, TransactionHost } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { ProcessorsFacade } from '@escr/processors';
import { CardType, WritableCardStatus } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { EscnGenerator } from '../domain/escn-generator.js';
import { CardFacts, CardIssued } from '../events/card-events.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
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

@Injectable()
export class CardsService {
  private readonly logger = new Logger(CardsService.name);
  private readonly generator: EscnGenerator;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly organisations: OrganisationsFacade,
    private readonly processors: ProcessorsFacade,
    private readonly persons: PersonsService,
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
    const processor = await this.resolveProcessor(input.processorIdentifier, issuer);
    if (input.expiresAt < input.issuedAt) {
      throw CardsError.invalid('expiresAt', `${input.expiresAt} is before issuedAt ${input.issuedAt}`);
    }

    const holder = await this.persons.findWithLinks(input.personIdentifier, [issuer.id]);
    if (!holder || holder.links.length === 0) throw CardsError.personNotFound(input.personIdentifier);

    const supplied = input.cardNumber?.trim() ? this.checkSuppliedEscn(input.cardNumber.trim(), issuer) : null;
    for (let attempt = 1; ; attempt++) {
      const escn = supplied ?? this.generator.next(this.config.ESCN_MINT_PREFIX, issuer.identifier);
      try {
        const card = await this.insert(escn, input, holder, issuer, processor);
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

  private async insert(
    escn: string,
    input: CardInput,
    holder: PersonWithLinks,
    issuer: OrganisationSnapshot,
    processor: OrganisationSnapshot | null,
  ): Promise<CardEntity> {
    return this.transactions.run(async () => {
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
      this.transactions.record(new CardIssued(this.facts(card, issuer)));

      return card;
    });
  }

  private facts(card: CardEntity, issuer: OrganisationSnapshot): CardFacts {
    return {
      cardNumber: card.escn,
      cardType: card.cardType,
      status: card.status,
      issuedAt: card.issuedAt,
      expiresAt: card.expiresAt,
      displayName: card.displayName,
      issuerOrganisationId: issuer.id,
      issuerIdentifier: issuer.identifier,
      issuerName: issuer.name,
      processorOrganisationId: card.processorOrganisationId,
    };
  }

  private checkSuppliedEscn(value: string, issuer: OrganisationSnapshot): string {
    const escn = normaliseEscn(value);
    if (!escn) {
      throw CardsError.invalid('cardNumber', `${value} is not an ESCN: expected a version-1 UUID whose last group is a 3-digit prefix and the 9-digit PIC`);
    }
    if (this.config.ESCN_REQUIRE_ISSUER_PIC && picOfEscn(escn) !== issuer.identifier) {
      throw CardsError.invalid('cardNumber', `the last 9 digits of ${escn} must be the issuer PIC ${issuer.identifier}`);
    }

    return escn;
  }

  /** The processor named on the card, which must be a processor the issuer has linked. */
  private async resolveProcessor(identifier: string | undefined, issuer: OrganisationSnapshot): Promise<OrganisationSnapshot | null> {
    if (!identifier?.trim()) return null;

    const processor = await this.organisations.findByIdentifier(identifier.trim());
    if (!processor || processor.type !== 'PROCESSOR') throw CardsError.unknownOrganisation('processorIdentifier', identifier);
    if (!(await this.processors.mayActFor(processor.id, issuer.id))) {
      throw CardsError.invalid('processorIdentifier', `${identifier} is not a processor linked to issuer ${issuer.identifier}`);
    }

    return processor;
  }
}
