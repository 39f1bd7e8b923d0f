import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { CardDeleted, CardFacts, CardIssued, CardStatusChanged } from '@escr/cards';
import { OrganisationsFacade } from '@escr/organisations';
import { CardStatusEntity } from '../infrastructure/card-status.entity.js';

/** Keeps verification.card_status in step with card events. Upserts make redelivery harmless. */
@Injectable()
export class CardStatusProjector implements OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly transactions: TransactionHost,
    private readonly organisations: OrganisationsFacade,
  ) {}

  onModuleInit(): void {
    this.dispatcher.subscribe(CardIssued, 'verification.project-card-issued', (event) => this.upsert(event.payload));
    this.dispatcher.subscribe(CardStatusChanged, 'verification.project-card-changed', (event) => this.upsert(event.payload));
    this.dispatcher.subscribe(CardDeleted, 'verification.project-card-deleted', (event) => this.remove(event.payload.cardNumber));
  }

  private async upsert(facts: CardFacts): Promise<void> {
    const issuer = await this.organisations.findById(facts.issuerOrganisationId);
    await this.transactions.manager.getRepository(CardStatusEntity).upsert(
      {
        cardNumber: facts.cardNumber,
        status: facts.status,
        cardType: facts.cardType,
        issuedAt: facts.issuedAt,
        expiresAt: facts.expiresAt,
        issuerOrganisationId: facts.issuerOrganisationId,
        issuerIdentifier: facts.issuerIdentifier,
        issuerName: issuer?.name ?? facts.issuerName,
        displayName: issuer?.publishDisplayName ? facts.displayName : null,
        updatedAt: new Date(),
      },
      ['cardNumber'],
    );
  }

  private async remove(cardNumber: string): Promise<void> {
    await this.transactions.manager.getRepository(CardStatusEntity).delete({ cardNumber });
  }
}
