import { Injectable } from '@nestjs/common';
import { AppConfig, Principal, TransactionHost } from '@escr/kernel';
import { CardsError } from '../domain/cards.error.js';
import { parseListRequest, RawListParameters } from '../domain/list-request.js';
import { AuditEntryEntity } from '../infrastructure/audit-entry.entity.js';
import { COUNT_WINDOW, Page } from './lists.service.js';

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
    // The count covers COUNT_WINDOW entries from the page start, as in ListsService, plus the offset.
    const offset = request.page * request.size;
    const [countSql, parameters] = query.clone().select('1').offset(offset).limit(COUNT_WINDOW).getQueryAndParameters();
    const [{ counted }] = await this.transactions.manager.query(`SELECT count(*)::int AS counted FROM (${countSql}) page_window`, parameters);
    const total = counted > 0 || offset === 0 ? offset + counted : await this.countAll(organisationId, offset);

    return { items, page: request.page, size: request.size, totalElements: total, totalPages: Math.ceil(total / request.size) };
  }

  /** Counts the organisation's entries up to a limit, for a page past the end. */
  private async countAll(organisationId: number, limit: number): Promise<number> {
    const [{ counted }] = await this.transactions.manager.query(
      'SELECT count(*)::int AS counted FROM (SELECT 1 FROM cards.audit_entry WHERE organisation_id = $1 LIMIT $2) capped',
      [organisationId, limit],
    );

    return counted;
  }
}
