import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One notice decided for an organisation in an acceptance period: the announcement, one reminder
 * (`REMINDER_<days>D`) or the discontinuation. The primary key makes each decision happen once.
 */
@Entity({ schema: 'organisations', name: 'acceptance_notice' })
export class AcceptanceNoticeEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @PrimaryColumn({ name: 'period_id', type: 'integer' })
  periodId: number;

  @PrimaryColumn({ type: 'text' })
  stage: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  /** Number of e-mails queued for the notice. */
  @Column({ type: 'integer' })
  recipients: number;
}
