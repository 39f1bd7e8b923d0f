import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@escr/kernel';

export interface CardDisplayName {
  cardNumber: string;
  displayName: string | null;
}

const DISPLAY_NAMES_OF_ISSUER = `
  SELECT escn AS "cardNumber", display_name AS "displayName"
    FROM cards.card
   WHERE issuer_organisation_id = $1 AND deleted_at IS NULL AND escn > $2::bpchar
   ORDER BY escn
   LIMIT $3`;

/** Reads of stored cards that Cards offers other contexts, beyond its events. */
@Injectable()
export class CardDirectory {
  constructor(private readonly transactions: TransactionHost) {}

  /**
   * Returns up to `limit` live cards of an issuer with their display names, in ESCN order after
   * `afterCardNumber` (from the first when it is empty), on the issuer's ESCN index.
   */
  displayNamesOfIssuer(issuerOrganisationId: number, afterCardNumber: string, limit: number): Promise<CardDisplayName[]> {
    return this.transactions.queryPrepared<CardDisplayName>('cards.display-names-of-issuer', DISPLAY_NAMES_OF_ISSUER, [
      issuerOrganisationId,
      afterCardNumber,
      limit,
    ]);
  }
}
