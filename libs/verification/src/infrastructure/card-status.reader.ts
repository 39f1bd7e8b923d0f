import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@escr/kernel';

/** One card as verification stores it, joined with its issuer's settings. Dates are yyyy-MM-dd. */
export interface ProjectedCard {
  cardNumber: string;
  status: 'ACTIVE' | 'INACTIVE';
  cardType: string;
  issuedAt: string;
  expiresAt: string;
  issuerIdentifier: string;
  issuerName: string;
  /** Null unless the issuer publishes display names. */
  displayName: string | null;
  issuerNewLogoAt: string | null;
}

/**
 * One primary-key read and one primary-key join. The issuer row may be missing for cards projected
 * before issuers were copied; the card's own issuer name then applies and the new-logo date is unknown.
 */
const SELECT_CARD = `
  SELECT c.card_number AS "cardNumber",
         c.status,
         c.card_type AS "cardType",
         to_char(c.issued_at, 'YYYY-MM-DD') AS "issuedAt",
         to_char(c.expires_at, 'YYYY-MM-DD') AS "expiresAt",
         c.issuer_identifier AS "issuerIdentifier",
         coalesce(i.name, c.issuer_name) AS "issuerName",
         c.display_name AS "displayName",
         to_char(i.new_logo_at, 'YYYY-MM-DD') AS "issuerNewLogoAt"
    FROM verification.card_status c
    LEFT JOIN verification.issuer i ON i.organisation_id = c.issuer_organisation_id
   WHERE c.card_number = $1`;

/** Reads the verification projection with plain SQL, because this is the router's busiest query. */
@Injectable()
export class CardStatusReader {
  constructor(private readonly transactions: TransactionHost) {}

  async find(escn: string): Promise<ProjectedCard | null> {
    const rows: ProjectedCard[] = await this.transactions.manager.query(SELECT_CARD, [escn]);

    return rows[0] ?? null;
  }
}
