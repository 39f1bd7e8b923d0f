import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Verification's own copy of each card's public facts, kept current from card events. */
@Entity({ schema: 'verification', name: 'card_status' })
export class CardStatusEntity {
  @PrimaryColumn({ name: 'card_number', type: 'char', length: 36 })
  cardNumber: string;

  @Column({ type: 'text' })
  status: 'ACTIVE' | 'INACTIVE';

  @Column({ name: 'card_type', type: 'text' })
  cardType: string;

  @Column({ name: 'issued_at', type: 'date' })
  issuedAt: string;

  @Column({ name: 'expires_at', type: 'date' })
  expiresAt: string;

  @Column({ name: 'issuer_organisation_id', type: 'integer' })
  issuerOrganisationId: number;

  @Column({ name: 'issuer_identifier', type: 'text' })
  issuerIdentifier: string;

  @Column({ name: 'issuer_name', type: 'text' })
  issuerName: string;

  /** Only stored when the issuer publishes display names; null otherwise. */
  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
