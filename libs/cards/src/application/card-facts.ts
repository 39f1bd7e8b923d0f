import type { OrganisationSnapshot } from '@escr/organisations';
import { normaliseEscn } from '@escr/kernel';
import { CardsError } from '../domain/cards.error.js';
import { CardFacts } from '../events/card-events.js';
import { AuditValues } from '../infrastructure/audit-entry.entity.js';
import { CardEntity } from '../infrastructure/card.entity.js';

/** The public facts of a card, as the card events carry them. */
export function cardFacts(card: CardEntity, issuer: OrganisationSnapshot): CardFacts {
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

/** The audited fields of a card. */
export function cardValues(card: CardEntity, personIdentifier: string, processorIdentifier: string | null): AuditValues {
  return {
    cardStatusType: card.status,
    cardType: card.cardType,
    displayName: card.displayName,
    issuedAt: card.issuedAt,
    expiresAt: card.expiresAt,
    personIdentifier,
    processorIdentifier,
  };
}

/** Validates an ESCN from a path and returns it in lowercase. */
export function escnOf(field: string, value: string): string {
  const escn = normaliseEscn(value);
  if (!escn) {
    throw CardsError.invalid(field, `${value.slice(0, 300)} is not an ESCN: expected a version-1 UUID whose last group is a 3-digit prefix and the 9-digit PIC`);
  }

  return escn;
}
