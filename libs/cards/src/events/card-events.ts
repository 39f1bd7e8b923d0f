import { DomainEvent } from '@escr/kernel';
import type { CardType, WritableCardStatus } from '../domain/card.types.js';

/** The public facts of a card, as verification needs them. */
export interface CardFacts {
  cardNumber: string;
  cardType: CardType;
  status: WritableCardStatus;
  issuedAt: string;
  expiresAt: string;
  displayName: string | null;
  issuerOrganisationId: number;
  issuerIdentifier: string;
  issuerName: string;
  processorOrganisationId: number | null;
}

export class CardIssued extends DomainEvent<CardFacts> {
  static readonly eventType = 'cards.CardIssued';
}

export class CardStatusChanged extends DomainEvent<CardFacts> {
  static readonly eventType = 'cards.CardStatusChanged';
}

export class CardDeleted extends DomainEvent<{ cardNumber: string; issuerOrganisationId: number }> {
  static readonly eventType = 'cards.CardDeleted';
}

export class PersonErased extends DomainEvent<{ personId: string; cardNumbers: string[] }> {
  static readonly eventType = 'cards.PersonErased';
}
