import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditSubject = 'PERSON' | 'PERSON_LINK' | 'PICTURE' | 'CARD';
export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';
export type AuditValues = Record<string, string | boolean | null>;

/** One change to cardholder or card data, written in the transaction of the change. */
@Entity({ schema: 'cards', name: 'audit_entry' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ name: 'actor_type', type: 'text' })
  actorType: 'user' | 'api-token';

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: AuditSubject;

  /** ESI or ESCN of the subject; null once the person was erased. */
  @Column({ name: 'subject_key', type: 'text', nullable: true })
  subjectKey: string | null;

  /** The person the entry concerns, so that erasure can find and scrub it. */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'text' })
  action: AuditAction;

  /** Values of the changed fields before the change; null for a creation. */
  @Column({ type: 'jsonb', nullable: true })
  before: AuditValues | null;

  /** Values of the changed fields after the change; null for a deletion. */
  @Column({ type: 'jsonb', nullable: true })
  after: AuditValues | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
