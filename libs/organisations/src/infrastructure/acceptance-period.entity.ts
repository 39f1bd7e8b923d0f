import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The time an organisation has to accept one published document version. */
@Entity({ schema: 'organisations', name: 'acceptance_period' })
export class AcceptancePeriodEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ name: 'document_version_id', type: 'integer' })
  documentVersionId: number;

  /** The version's publication time: the announcement is sent from then on. */
  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
