import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { MailRecord, MailStatus } from '@escr/kernel';
import type { DeadlineRunReport, DueNoticePreview } from '../application/acceptance-deadlines.service.js';
import type { AcceptancePeriodSummary } from '../application/legal-publication.service.js';
import { LEGAL_DOCUMENT_TYPES } from '../domain/organisation.types.js';
import type { LegalDocumentType } from '../domain/organisation.types.js';
import { LimitOffsetQuery } from './limit-offset.query.js';

const MAIL_STATUSES: MailStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED'];

export class PublishLegalDocumentRequest {
  @ApiProperty({ enum: LEGAL_DOCUMENT_TYPES })
  @IsIn(LEGAL_DOCUMENT_TYPES, { message: `must be one of ${LEGAL_DOCUMENT_TYPES.join(', ')}` })
  documentType: LegalDocumentType;

  @ApiProperty({ description: 'Markdown. The JCA may use {{organisation.name}}, {{organisation.identifier}}, {{organisation.country}}, {{organisation.address}} and {{processors}}.' })
  @IsString()
  @IsNotEmpty({ message: 'must contain the Markdown text of the new version' })
  @MaxLength(200_000)
  text: string;

  @ApiProperty({ description: 'ISO 8601 instant from which the version applies', example: '2026-01-05T00:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time such as 2026-01-05T00:00:00Z' })
  publishedAt: Date;

  @ApiProperty({ description: 'ISO 8601 instant by which organisations must accept it', example: '2026-03-31T23:59:59Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time such as 2026-03-31T23:59:59Z' })
  acceptanceDeadline: Date;
}

export class MailListQuery extends LimitOffsetQuery {
  @ApiPropertyOptional({ example: 'legal-reminder' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @IsOptional()
  @IsIn(MAIL_STATUSES, { message: `must be one of ${MAIL_STATUSES.join(', ')}` })
  status?: MailStatus;
}

export class AcceptancePeriodView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: LEGAL_DOCUMENT_TYPES }) documentType: LegalDocumentType;
  @ApiProperty() title: string;
  @ApiProperty() version: number;
  @ApiProperty() opensAt: string;
  @ApiProperty() deadline: string;
  @ApiProperty({ enum: ['SCHEDULED', 'OPEN', 'CLOSED', 'SUPERSEDED'] }) state: string;
  @ApiProperty({ description: 'Notices decided so far, by stage', example: { ANNOUNCEMENT: 12, REMINDER_30D: 4 } })
  notices: Record<string, number>;

  static of(period: AcceptancePeriodSummary): AcceptancePeriodView {
    return Object.assign(new AcceptancePeriodView(), {
      id: period.id,
      documentType: period.documentType,
      title: period.title,
      version: period.version,
      opensAt: period.opensAt.toISOString(),
      deadline: period.deadline.toISOString(),
      state: period.state,
      notices: period.notices,
    });
  }
}

export class DueNoticeView {
  @ApiProperty() periodId: number;
  @ApiProperty({ enum: LEGAL_DOCUMENT_TYPES }) documentType: LegalDocumentType;
  @ApiProperty() version: number;
  @ApiProperty() deadline: string;
  @ApiProperty() organisationId: number;
  @ApiProperty() organisationName: string;
  @ApiProperty({ description: 'ANNOUNCEMENT, REMINDER_<days>D or DISCONTINUATION' }) stage: string;
  @ApiProperty({ type: [String] }) recipients: string[];

  static of(notice: DueNoticePreview): DueNoticeView {
    return Object.assign(new DueNoticeView(), {
      periodId: notice.periodId,
      documentType: notice.documentType,
      version: notice.version,
      deadline: notice.deadline.toISOString(),
      organisationId: notice.organisationId,
      organisationName: notice.organisationName,
      stage: notice.stage,
      recipients: [...notice.recipients],
    });
  }
}

export class DeadlineRunView {
  @ApiProperty({ description: 'False when another instance was running the job at that moment' }) ran: boolean;
  @ApiProperty() decided: number;
  @ApiProperty() skipped: number;
  @ApiProperty() announcements: number;
  @ApiProperty() reminders: number;
  @ApiProperty() discontinuations: number;

  static of(report: DeadlineRunReport | null): DeadlineRunView {
    return Object.assign(
      new DeadlineRunView(),
      report ? { ran: true, ...report } : { ran: false, decided: 0, skipped: 0, announcements: 0, reminders: 0, discontinuations: 0 },
    );
  }
}

export class MailRecordView {
  @ApiProperty() id: string;
  @ApiProperty() recipient: string;
  @ApiProperty() subject: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: MAIL_STATUSES }) status: MailStatus;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;

  static of(record: MailRecord): MailRecordView {
    return Object.assign(new MailRecordView(), {
      id: record.id,
      recipient: record.recipient,
      subject: record.subject,
      category: record.category,
      status: record.status,
      attempts: record.attempts,
      lastError: record.lastError,
      createdAt: record.createdAt.toISOString(),
      sentAt: record.sentAt?.toISOString() ?? null,
    });
  }
}
