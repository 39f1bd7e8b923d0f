import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, ParseIdPipe } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { AuditQueryService } from '../application/audit-query.service.js';
import type { RawListParameters } from '../domain/list-request.js';
import { AuditEntryEntity } from '../infrastructure/audit-entry.entity.js';
import { PageMetadata } from './list.views.js';

export class CardsAuditEntryView {
  @ApiProperty({ type: 'integer', format: 'int64' }) id: number;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: string;
  @ApiProperty({ enum: ['user', 'api-token'] }) actorType: string;
  @ApiProperty({ description: 'User id or API token id' }) actorId: string;
  @ApiProperty({ enum: ['PERSON', 'PERSON_LINK', 'PICTURE', 'CARD'] }) subjectType: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'ESI or ESCN; null after the person was erased' }) subjectKey: string | null;
  @ApiProperty({ enum: ['CREATE', 'UPDATE', 'DELETE'] }) action: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) before: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) after: object | null;

  static of(entry: AuditEntryEntity): CardsAuditEntryView {
    return Object.assign(new CardsAuditEntryView(), {
      id: Number(entry.id),
      occurredAt: entry.occurredAt.toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      subjectType: entry.subjectType,
      subjectKey: entry.subjectKey,
      action: entry.action,
      before: entry.before,
      after: entry.after,
    });
  }
}

export class CardsAuditPageView {
  @ApiProperty({ type: [CardsAuditEntryView] }) content: CardsAuditEntryView[];
  @ApiProperty({ type: PageMetadata }) page: PageMetadata;
}

/** The audit trail of an organisation's cardholder and card changes, for its own users. */
@ApiTags('Cards audit')
@Controller('api/organisations/:organisationId/cards-audit')
@Access({ roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class CardsAuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', default: 0 } })
  @ApiQuery({ name: 'size', required: false, schema: { type: 'integer', default: 10 } })
  @ApiOkResponse({ type: CardsAuditPageView })
  async list(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Query() query: RawListParameters,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CardsAuditPageView> {
    const page = await this.audit.entries(principal, organisationId, query);

    return Object.assign(new CardsAuditPageView(), {
      content: page.items.map((entry) => CardsAuditEntryView.of(entry)),
      page: Object.assign(new PageMetadata(), { number: page.page, size: page.size, totalElements: page.totalElements, totalPages: page.totalPages }),
    });
  }
}
