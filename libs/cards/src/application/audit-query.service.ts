import { Injectable } from '@nestjs/common';
import { AppConfig, Principal, TransactionHost } from '@escr/kernel';
import { CardsError } from '../domain/cards.error.js';
import { parseListRequest, RawListParameters } from '../domain/list-request.js';
import { AuditEntryEntity } from '../infrastructure/audit-entry.entity.js';
import { COUNT_FLOOR, Page } from './lists.service.js';

/** Reads an organisation's audit entries, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly config: AppConfig,
  ) {}

  async entries(principal: Principal, organisationId: number, raw: RawListParameters): Promise<Page<AuditEntryEntity>> {
    if (principal.organisationId !== organisationId) throw CardsError.notActingFor(String(organisationId));
    const request = parseListRequest({ page: raw.page, size: raw.size }, { sortFields: ['id'], defaultSort: 'id', searchFields: [] }, this.config.LIST_MAX_PAGE_SIZE);

    const query = this.transactions.manager.getRepository(AuditEntryEntity).createQueryBuilder('entry').where('entry.organisationId = :organisationId', {
      organisationId,
    });
    const items = await query
      .clone()
      .orderBy('entry.id', 'DESC')
      .offset(request.page * request.size)
      .limit(request.size)
      .getMany();
    const cap = Math.max(COUNT_FLOOR, (request.page + 1) * request.size + 1);
    const [countSql, parameters] = query.clone().select('1').limit(cap).getQueryAndParameters();
    const [{ total }] = await this.transactions.manager.query(`SELECT count(*)::int AS total FROM (${countSql}) capped`, parameters);

    return { items, page: request.page, size: request.size, totalElements: total, totalPages: Math.ceil(total / request.size) };
  }
}
