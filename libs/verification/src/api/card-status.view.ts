import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CardLookup } from '../application/status-lookup.service.js';

/** The real router's public status of a card. */
export class CardStatusView {
  @ApiPropertyOptional({ example: '3e506370-826a-103d-bf76-001000000001', maxLength: 255, minLength: 0 }) cardNumber: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Card of John',
    maxLength: 255,
    minLength: 0,
    description: 'Null unless the issuer publishes display names',
  })
  displayName: string | null;
  @ApiPropertyOptional({ example: '2040-12-31' }) expiresAt: string;
  @ApiPropertyOptional({ example: '2030-12-31' }) issuedAt: string;
  @ApiPropertyOptional({ example: '123456789' }) issuerIdentifier: string;
  @ApiPropertyOptional({ example: 'Université de Saint-Valentin' }) issuerName: string;
  @ApiPropertyOptional({
    example: 'ACTIVE',
    description: 'ACTIVE, INACTIVE or EXPIRED. A card issued with the previous ESC logo reads INACTIVE from 2028-01-01.',
  })
  status: string;

  static of({ card, verdict }: CardLookup): CardStatusView {
    return Object.assign(new CardStatusView(), {
      cardNumber: card.cardNumber,
      displayName: card.displayName,
      expiresAt: card.expiresAt,
      issuedAt: card.issuedAt,
      issuerIdentifier: card.issuerIdentifier,
      issuerName: card.issuerName,
      status: verdict.status,
    });
  }
}
