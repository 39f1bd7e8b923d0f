import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { CardDeleted, CardFacts, CardIssued, CardStatusChanged, PersonErased } from '@escr/cards';
import { OrganisationsFacade } from '@escr/organisations';
import { CardStatusEntity } from '../infrastructure/card-status.entity.js';
import { CARD_STATUS_CHANNEL } from '../infrastructure/card-status-listener.js';
import { IssuerEntity } from '../infrastructure/issuer.entity.js';

/**
 * Keeps verification.card_status and verification.issuer in step with card events. Upserts make
 * redelivery harmless. Each change also sends NOTIFY with the ESCN in the same transaction, so every
 * instance evicts its cached copy once the change is committed.
 */
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
    // Cards also sends CardDeleted for each card of an erased person; this handler keeps erasure complete on its own.
    this.dispatcher.subscribe(PersonErased, 'verification.erase-person-cards', async (event) => {
      for (const cardNumber of event.payload.cardNumbers) await this.remove(cardNumber);
    });
  }

  private async upsert(facts: CardFacts): Promise<void> {
    const issuer = await this.organisations.findById(facts.issuerOrganisationId);
    const manager = this.transactions.manager;
    if (issuer) {
      await manager.getRepository(IssuerEntity).upsert(
        {
          organisationId: issuer.id,
          identifier: issuer.identifier,
          name: issuer.name,
          newLogoAt: issuer.newLogoAt,
          publishDisplayName: issuer.publishDisplayName,
          refreshedAt: new Date(),
        },
        ['organisationId'],
      );
    }

    await manager.getRepository(CardStatusEntity).upsert(
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
    await this.announce(facts.cardNumber);
  }

  private async remove(cardNumber: string): Promise<void> {
    await this.transactions.manager.getRepository(CardStatusEntity).delete({ cardNumber });
    await this.announce(cardNumber);
  }

  /** NOTIFY is delivered at commit, so no instance evicts before the change is visible to its next read. */
  private async announce(cardNumber: string): Promise<void> {
    await this.transactions.manager.query('SELECT pg_notify($1, $2)', [CARD_STATUS_CHANNEL, cardNumber]);
  }
}
