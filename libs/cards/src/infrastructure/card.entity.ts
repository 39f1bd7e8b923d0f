import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CardType, WritableCardStatus } from '../domain/card.types.js';

@Entity({ schema: 'cards', name: 'card' })
export class CardEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 36 })
  escn: string;

  /** Null only on a deleted card whose holder was erased. */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ name: 'issuer_organisation_id', type: 'integer' })
  issuerOrganisationId: number;

  @Column({ name: 'processor_organisation_id', type: 'integer', nullable: true })
  processorOrganisationId: number | null;

  @Column({ name: 'card_type', type: 'text' })
  cardType: CardType;

  @Column({ type: 'text' })
  status: WritableCardStatus;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  /** yyyy-MM-dd */
  @Column({ name: 'issued_at', type: 'date' })
  issuedAt: string;

  /** yyyy-MM-dd */
  @Column({ name: 'expires_at', type: 'date' })
  expiresAt: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
