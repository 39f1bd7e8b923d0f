import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ParseIdPipe } from '@escr/kernel';
import type { Actor } from '../application/actor.js';
import { AuditLog } from '../application/audit-log.js';
import { AuditEventView, AuditQueryRequest, OperationsAuditQueryRequest } from './audit.dto.js';
import { OrganisationActor } from './organisation-actor.decorator.js';

const DEFAULT_LIMIT = 100;

/** The identity audit log: an authorised person reads their organisation's entries, operations staff read all. */
@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get('organisations/:organisationId/audit-events')
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async organisationEvents(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Query() query: AuditQueryRequest,
    @OrganisationActor() _actor: Actor,
  ): Promise<AuditEventView[]> {
    const records = await this.audit.query({ organisationId, action: query.action, beforeId: query.before, limit: query.limit ?? DEFAULT_LIMIT });

    return records.map((record) => AuditEventView.of(record));
  }

  @Get('operations/audit-events')
  @Access({ roles: ['OPERATIONS'] })
  async allEvents(@Query() query: OperationsAuditQueryRequest): Promise<AuditEventView[]> {
    const records = await this.audit.query({
      organisationId: query.organisationId,
      action: query.action,
      beforeId: query.before,
      limit: query.limit ?? DEFAULT_LIMIT,
    });

    return records.map((record) => AuditEventView.of(record));
  }
}
