import { Injectable, Logger } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { isoDate } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { checkEsi } from '../domain/esi.js';
import { CardDeleted, CardStatusChanged } from '../events/card-events.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { AuditTrail } from './audit-trail.js';
import { cardFacts, cardValues, escnOf } from './card-facts.js';
import { CardInput, CardsService, IssuedCard } from './cards.service.js';

/** Updates and soft-deletes cards. Each change is audited and published as a card event. */
@Injectable()
export class CardChangesService {
  private readonly logger = new Logger(CardChangesService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly organisations: OrganisationsFacade,
    private readonly cards: CardsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * Replaces the writable fields of a card. The issuer and the holder cannot change. An expired card is
   * updated only together with a new expiry date on or after today.
   */
  async update(principal: Principal, cardNumber: string, input: CardInput): Promise<IssuedCard> {
    const escn = escnOf('escn', cardNumber);
    if (input.cardNumber?.trim() && input.cardNumber.trim().toLowerCase() !== escn) {
      throw CardsError.immutableCardField('cardNumber', escn, input.cardNumber.trim());
    }
    if (input.expiresAt < input.issuedAt) {
      throw CardsError.invalid('expiresAt', `${input.expiresAt} is before issuedAt ${input.issuedAt}`);
    }
    const caller = await this.acting.caller(principal);

    const card = await this.transactions.run(async () => {
      const { card, issuer, holder } = await this.lockCard(caller, escn);
      if (input.issuerIdentifier !== issuer.identifier) {
        throw CardsError.immutableCardField('issuerIdentifier', issuer.identifier, input.issuerIdentifier);
      }
      const requested = checkEsi(input.personIdentifier);
      if (!requested.valid || requested.key !== holder.esiKey) {
        throw CardsError.immutableCardField('personIdentifier', holder.esi, input.personIdentifier);
      }
      const today = isoDate(this.clock.now());
      if (card.expiresAt < today && input.expiresAt < today) throw CardsError.expiredCardNeedsNewExpiry(escn, card.expiresAt, today);

      const processor = await this.acting.processorOf(input.processorIdentifier, issuer);
      const before = cardValues(card, holder.esi, await this.identifierOf(card.processorOrganisationId));
      Object.assign(card, {
        status: input.cardStatusType,
        cardType: input.cardType,
        displayName: input.displayName ?? null,
        issuedAt: input.issuedAt,
        expiresAt: input.expiresAt,
        processorOrganisationId: processor?.id ?? null,
        updatedAt: this.clock.now(),
      });
      await this.transactions.manager.getRepository(CardEntity).save(card);
      await this.audit.record(principal, {
        organisationId: issuer.id,
        subjectType: 'CARD',
        subjectKey: escn,
        personId: holder.id,
        action: 'UPDATE',
        before,
        after: cardValues(card, holder.esi, processor?.identifier ?? null),
      });
      this.transactions.record(new CardStatusChanged(cardFacts(card, issuer)));

      return card;
    });

    return this.cards.withHolder(caller, card);
  }

  /** Soft-deletes a card: it keeps its ESCN, every read returns 404, and its public status disappears. */
  async remove(principal: Principal, cardNumber: string): Promise<void> {
    const escn = escnOf('escn', cardNumber);
    const caller = await this.acting.caller(principal);

    await this.transactions.run(async () => {
      const { card, issuer, holder } = await this.lockCard(caller, escn);
      const now = this.clock.now();
      await this.transactions.manager.getRepository(CardEntity).update({ id: card.id }, { deletedAt: now, updatedAt: now });
      await this.audit.record(principal, {
        organisationId: issuer.id,
        subjectType: 'CARD',
        subjectKey: escn,
        personId: holder.id,
        action: 'DELETE',
        before: cardValues(card, holder.esi, await this.identifierOf(card.processorOrganisationId)),
        after: null,
      });
      this.transactions.record(new CardDeleted({ cardNumber: escn, issuerOrganisationId: issuer.id }));
      this.logger.debug({ cardId: card.id }, 'card deleted');
    });
  }

  private async lockCard(caller: OrganisationSnapshot, escn: string): Promise<{ card: CardEntity; issuer: OrganisationSnapshot; holder: PersonEntity }> {
    const manager = this.transactions.manager;
    const card = await manager
      .getRepository(CardEntity)
      .createQueryBuilder('card')
      .where('card.escn = :escn AND card.deletedAt IS NULL', { escn })
      .setLock('pessimistic_write')
      .getOne();
    if (!card || card.personId === null) throw CardsError.cardNotFound(escn);

    const issuer = await this.acting.targetById(caller, card.issuerOrganisationId);
    const holder = await manager.getRepository(PersonEntity).findOneByOrFail({ id: card.personId });

    return { card, issuer, holder };
  }

  private async identifierOf(organisationId: number | null): Promise<string | null> {
    if (organisationId === null) return null;

    return (await this.organisations.findById(organisationId))?.identifier ?? null;
  }
}
