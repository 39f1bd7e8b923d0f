import { Injectable } from '@nestjs/common';
import { Clock, DomainError, normaliseEscn, TransactionHost } from '@escr/kernel';
import { CardStatusEntity } from '../infrastructure/card-status.entity.js';

export interface PublicCardStatus {
  cardNumber: string;
  status: 'ACTIVE' | 'INACTIVE' | 'EXPIRED';
  cardType: string;
  issuedAt: string;
  expiresAt: string;
  issuerIdentifier: string;
  issuerName: string;
  displayName: string | null;
}

/** Public lookups of card status. Malformed numbers are rejected before any database access. */
@Injectable()
export class StatusLookupService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async lookup(escnParameter: string): Promise<PublicCardStatus> {
    const escn = normaliseEscn(escnParameter);
    if (!escn) {
      throw new DomainError(
        'ER-0100',
        `escn: ${escnParameter.slice(0, 64)} is not a European Student Card Number (a version-1 UUID ending in 12 digits)`,
        'invalid',
      );
    }

    const row = await this.transactions.manager.getRepository(CardStatusEntity).findOneBy({ cardNumber: escn });
    if (!row) throw new DomainError('ER-0001', `No card with ESCN ${escn}`, 'not_found');

    const today = this.clock.now().toISOString().slice(0, 10);

    return {
      cardNumber: row.cardNumber,
      status: row.expiresAt < today ? 'EXPIRED' : row.status,
      cardType: row.cardType,
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
      issuerIdentifier: row.issuerIdentifier,
      issuerName: row.issuerName,
      displayName: row.displayName,
    };
  }
}
