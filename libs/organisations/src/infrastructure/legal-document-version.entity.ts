import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LegalDocumentType } from '../domain/organisation.types.js';

@Entity({ schema: 'organisations', name: 'legal_document_version' })
export class LegalDocumentVersionEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'document_type', type: 'text' })
  documentType: LegalDocumentType;

  @Column({ type: 'integer' })
  version: number;

  /** Markdown. The JCA contains {{placeholders}} filled per organisation. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'acceptance_deadline', type: 'timestamptz' })
  acceptanceDeadline: Date;
}
