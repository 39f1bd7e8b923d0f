/**
 * Logo transition: both logos may be issued until 31 December 2027, and from 1 January 2028 only cards
 * with the new ESC logo are valid.
 */
export const PREVIOUS_LOGO_LAST_VALID_DAY = '2027-12-31';
export const PREVIOUS_LOGO_INVALID_FROM = '2028-01-01';

/** Status values of the real router's public `CardStatusView`. */
export type PublicCardStatus = 'ACTIVE' | 'INACTIVE' | 'EXPIRED';

/** The reason a card is or is not valid today. */
export type VerdictReason = 'VALID' | 'EXPIRED' | 'DEACTIVATED' | 'PREVIOUS_LOGO_RETIRED';

/** The stored facts a verdict depends on. Dates are yyyy-MM-dd. */
export interface VerdictInput {
  status: 'ACTIVE' | 'INACTIVE';
  issuedAt: string;
  expiresAt: string;
  /** First day on which the issuer puts the new ESC logo on its cards, or null when it has not set one. */
  issuerNewLogoAt: string | null;
}

/** The public verdict on one card on one day. */
export interface CardVerdict {
  status: PublicCardStatus;
  reason: VerdictReason;
  valid: boolean;
  issuedWithPreviousLogo: boolean;
  /** Last day of validity: the expiry date, or 2027-12-31 for a card with the previous logo that expires later. */
  validUntil: string;
}

/** Tells whether a card was issued under the previous logo: before its issuer's new-logo date, or when there is none. */
export function isIssuedWithPreviousLogo(issuedAt: string, issuerNewLogoAt: string | null): boolean {
  return issuerNewLogoAt === null || issuedAt < issuerNewLogoAt;
}

/**
 * Decides a card's public status on `today` (yyyy-MM-dd, UTC). The expiry date wins over a deactivation,
 * and a deactivation over the logo transition, so that the reason shown is the one the holder can act on least.
 * A card with the previous logo reads INACTIVE from 1 January 2028, because verifiers treat every status
 * other than ACTIVE as not valid and the card's own expiry date has not passed.
 */
export function decideVerdict(input: VerdictInput, today: string): CardVerdict {
  const issuedWithPreviousLogo = isIssuedWithPreviousLogo(input.issuedAt, input.issuerNewLogoAt);
  const validUntil =
    issuedWithPreviousLogo && input.expiresAt > PREVIOUS_LOGO_LAST_VALID_DAY ? PREVIOUS_LOGO_LAST_VALID_DAY : input.expiresAt;
  const verdict = (status: PublicCardStatus, reason: VerdictReason): CardVerdict => ({
    status,
    reason,
    valid: reason === 'VALID',
    issuedWithPreviousLogo,
    validUntil,
  });

  if (input.expiresAt < today) return verdict('EXPIRED', 'EXPIRED');

  if (input.status === 'INACTIVE') return verdict('INACTIVE', 'DEACTIVATED');

  if (issuedWithPreviousLogo && today >= PREVIOUS_LOGO_INVALID_FROM) return verdict('INACTIVE', 'PREVIOUS_LOGO_RETIRED');

  return verdict('ACTIVE', 'VALID');
}
