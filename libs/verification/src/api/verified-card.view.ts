import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CodeView } from '@escr/kernel';
import type { CardLookup } from '../application/status-lookup.service.js';
import type { VerdictReason } from '../domain/card-verdict.js';

/** Labels of the card types of API V2. Unknown keys are shown as they are. */
const CARD_TYPE_LABELS: Record<string, string> = {
  UNKNOWN: 'Unknown',
  PASSIVE: 'Passive card, no electronics',
  SMART_NO_CDZ: 'Smart card without the ESC common data zone',
  SMART_CDZ: 'Smart card with the ESC common data zone',
  SMART_MAY_SP: 'Smart card with service-provider data',
  SMART_PASSIVE: 'Digital passive card',
  SMART_PASSIVE_EMULATION: 'Digital card emulating a smart card',
};

/** Status labels by reason; the key stays the router's ACTIVE, INACTIVE or EXPIRED. */
const STATUS_LABELS: Record<VerdictReason, string> = {
  VALID: 'Active',
  DEACTIVATED: 'Inactive',
  EXPIRED: 'Expired',
  PREVIOUS_LOGO_RETIRED: 'Inactive: issued with the previous ESC logo, which is not valid since 2028-01-01',
};

export class VerifiedIssuerView {
  @ApiPropertyOptional({ example: '999978433' }) identifier: string;
  @ApiPropertyOptional({ type: CodeView }) identifierType: CodeView;
  @ApiPropertyOptional({ example: 'Ludwig-Maximilians-Universität München (LMU)' }) name: string;
}

/**
 * The public verifier service's card. It carries exactly the fields that the official validator client
 * parses, because that client rejects unknown fields. `cardHolder` is left out: it would carry the
 * holder's academic level, which is personal data.
 */
export class VerifiedCardView {
  @ApiProperty({ example: '024e8a11-e98f-103e-83a9-988999978433' }) cardNumber: string;
  @ApiPropertyOptional({ type: CodeView }) cardType: CodeView;
  @ApiPropertyOptional({ type: CodeView, description: 'Valid if and only if the key is ACTIVE' }) cardStatusType: CodeView;
  @ApiPropertyOptional({ example: '2026-09-30' }) expiresAt: string;
  @ApiPropertyOptional({ type: VerifiedIssuerView }) issuer: VerifiedIssuerView;

  static of({ card, verdict }: CardLookup): VerifiedCardView {
    const issuer = Object.assign(new VerifiedIssuerView(), {
      identifier: card.issuerIdentifier,
      identifierType: CodeView.of('PIC', 'PIC'),
      name: card.issuerName,
    });

    return Object.assign(new VerifiedCardView(), {
      cardNumber: card.cardNumber,
      cardType: CodeView.of(card.cardType, CARD_TYPE_LABELS[card.cardType] ?? card.cardType),
      cardStatusType: CodeView.of(verdict.status, STATUS_LABELS[verdict.reason]),
      expiresAt: card.expiresAt,
      issuer,
    });
  }
}
