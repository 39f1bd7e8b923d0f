import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AUDIT_ACTIONS } from '../application/audit-log.js';
import type { AuditAction, AuditRecord } from '../application/audit-log.js';

export class AuditQueryRequest {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'Return entries older than this entry id, for paging' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'must be an audit entry id (a positive integer)' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class OperationsAuditQueryRequest extends AuditQueryRequest {
  @ApiPropertyOptional({ description: 'Only entries of this organisation' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  organisationId?: number;
}

export class AuditEventView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  occurredAt: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  actorUserId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  actorApiTokenId: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  organisationId: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The user, token, session or invitation acted upon' })
  subjectId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  clientAddress: string | null;

  @ApiProperty({ type: Object })
  details: Record<string, unknown>;

  static of(record: AuditRecord): AuditEventView {
    const view = new AuditEventView();
    view.id = record.id;
    view.occurredAt = record.occurredAt.toISOString();
    view.action = record.action;
    view.actorUserId = record.actorUserId;
    view.actorApiTokenId = record.actorApiTokenId;
    view.organisationId = record.organisationId;
    view.subjectId = record.subjectId;
    view.clientAddress = record.clientAddress;
    view.details = record.details;

    return view;
  }
}
