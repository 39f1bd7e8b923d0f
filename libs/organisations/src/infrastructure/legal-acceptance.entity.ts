import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ schema: 'organisations', name: 'legal_acceptance' })
export class LegalAcceptanceEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ name: 'document_version_id', type: 'integer' })
  documentVersionId: number;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** SHA-256 of the exact rendered text the user accepted, in hex. */
  @Column({ name: 'text_sha256', type: 'char', length: 64 })
  textSha256: string;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt: Date;

  @Column({ name: 'client_address', type: 'text' })
  clientAddress: string;
}
