import { Injectable } from '@nestjs/common';
import { In, SelectQueryBuilder } from 'typeorm';
import { AppConfig, Clock, Principal, TransactionHost } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { ACADEMIC_LEVELS, CARD_TYPE_KEYS, isoDate } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { ListRequest, ListSpec, parseListRequest, RawListParameters } from '../domain/list-request.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { escnOf } from './card-facts.js';
import { PageAnchorStore } from './page-anchor-store.js';
import { esiKeyOf, PersonsService, PersonWithLinks } from './persons.service.js';

export const CARD_LIST: ListSpec = {
  sortFields: ['createdAt', 'cardNumber', 'issuedAt', 'expiresAt'],
  defaultSort: 'createdAt',
  searchFields: ['cardNumber', 'cardStatusType', 'cardType', 'person.identifier', 'person.identifierCode', 'issuer.identifier', 'processor.identifier'],
};

export const PERSON_LIST: ListSpec = {
  sortFields: ['createdAt', 'identifier', 'fullName'],
  defaultSort: 'createdAt',
  searchFields: ['identifier', 'identifierCode', 'organisation.identifier', 'academicLevel'],
};

/** Sort definition of a list: SQL columns of an index that starts with the organisation id. */
interface SortColumns {
  column: string;
  id: string;
  /** Whether the sort column is unique within the organisation, so that it needs no id tie-breaker. */
  unique: boolean;
  /** Whether the sort column may be NULL, which keyset conditions cannot seek past. */
  nullable: boolean;
}

const CARD_SORT: Record<string, SortColumns> = {
  createdAt: { column: 'card.created_at', id: 'card.id', unique: false, nullable: false },
  cardNumber: { column: 'card.escn', id: 'card.id', unique: true, nullable: false },
  issuedAt: { column: 'card.issued_at', id: 'card.id', unique: false, nullable: false },
  expiresAt: { column: 'card.expires_at', id: 'card.id', unique: false, nullable: false },
};
const PERSON_SORT: Record<string, SortColumns> = {
  createdAt: { column: 'link.created_at', id: 'link.person_id', unique: false, nullable: false },
  identifier: { column: 'link.esi_key', id: 'link.person_id', unique: true, nullable: false },
  fullName: { column: 'link.full_name', id: 'link.person_id', unique: false, nullable: true },
};

/**
 * Rows counted past the start of the page for totalElements. After an anchor, the count therefore costs
 * the same at every page; with OFFSET it also skips the offset rows. When it stops, totalElements is a lower bound that still promises another page,
 * so clients that walk until `number + 1 >= totalPages` never stop early.
 */
export const COUNT_WINDOW = 10_000;

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export interface CardListItem {
  card: CardEntity;
  holder: PersonWithLinks;
}

/** The paged lists of API V2: one organisation's persons or cards, on keyset-friendly indexes. */
@Injectable()
export class ListsService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly organisations: OrganisationsFacade,
    private readonly persons: PersonsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly anchors: PageAnchorStore,
  ) {}

  async listCards(principal: Principal, raw: RawListParameters): Promise<Page<CardListItem>> {
    const request = parseListRequest(raw, CARD_LIST, this.config.LIST_MAX_PAGE_SIZE);
    const caller = await this.acting.caller(principal);
    const scope = await this.scope(caller, request, 'issuer.identifier');

    const query = this.transactions.manager
      .getRepository(CardEntity)
      .createQueryBuilder('card')
      .where('card.issuerOrganisationId = :scopeId AND card.deletedAt IS NULL', { scopeId: scope.id });
    await this.filterCards(query, request);

    const { ids, totalElements } = await this.pageOfIds(query, CARD_SORT[request.sort], request, `cards:${scope.id}:${isoDate(this.clock.now())}`);
    const cards = ids.length === 0 ? [] : await this.transactions.manager.getRepository(CardEntity).findBy({ id: In(ids) });
    const byId = new Map(cards.map((card) => [card.id, card]));
    const ordered = ids.map((id) => byId.get(id)).filter((card): card is CardEntity => card !== undefined);

    const personIds = [...new Set(ordered.map((card) => card.personId as string))];
    const persons = await this.personsById(personIds);
    const links = await this.persons.linksOf(personIds, [scope.id]);
    // A holder erased between the two reads drops out of the page rather than failing it.
    const items = ordered.flatMap((card) => {
      const person = persons.get(card.personId as string);

      return person ? [{ card, holder: { person, links: links.filter((link) => link.personId === person.id) } }] : [];
    });

    return this.page(items, request, totalElements);
  }

  async listPersons(principal: Principal, raw: RawListParameters): Promise<Page<PersonWithLinks>> {
    const request = parseListRequest(raw, PERSON_LIST, this.config.LIST_MAX_PAGE_SIZE);
    const caller = await this.acting.caller(principal);
    const scope = await this.scope(caller, request, 'organisation.identifier');

    const query = this.transactions.manager
      .getRepository(PersonLinkEntity)
      .createQueryBuilder('link')
      .where('link.organisationId = :scopeId', { scopeId: scope.id });
    this.filterPersons(query, request);

    const { ids, totalElements } = await this.pageOfIds(query, PERSON_SORT[request.sort], request, `persons:${scope.id}`);
    const persons = await this.personsById(ids);
    const links = await this.persons.linksOf(ids, [scope.id]);
    const items = ids.flatMap((id) => {
      const person = persons.get(id);

      return person ? [{ person, links: links.filter((link) => link.personId === id) }] : [];
    });

    return this.page(items, request, totalElements);
  }

  /** Resolves the organisation whose list is read: the caller's own, or one it acts for named by a search term. */
  private async scope(caller: OrganisationSnapshot, request: ListRequest, field: string): Promise<OrganisationSnapshot> {
    const identifier = request.terms.get(field);

    return identifier === undefined ? caller : this.acting.target(caller, `search ${field}`, identifier);
  }

  private async filterCards(query: SelectQueryBuilder<CardEntity>, request: ListRequest): Promise<void> {
    const today = isoDate(this.clock.now());
    for (const [field, value] of request.terms) {
      switch (field) {
        case 'cardNumber':
          query.andWhere('card.escn = :escn', { escn: escnOf('search cardNumber', value) });
          break;
        case 'cardStatusType':
          this.filterStatus(query, value.toUpperCase(), today);
          break;
        case 'cardType':
          if (!(CARD_TYPE_KEYS as string[]).includes(value)) {
            throw CardsError.invalid('search cardType', `${value} is not one of ${CARD_TYPE_KEYS.join(', ')}`);
          }
          query.andWhere('card.cardType = :cardType', { cardType: value });
          break;
        case 'person.identifier':
          query.andWhere('card.personId = (SELECT p.id FROM cards.person p WHERE p.esi_key = :esiKey)', {
            esiKey: esiKeyOf('search person.identifier', value),
          });
          break;
        case 'person.identifierCode':
          this.checkIdentifierCode('search person.identifierCode', value);
          break;
        case 'processor.identifier':
          query.andWhere('card.processorOrganisationId = :processorId', { processorId: await this.organisationId(field, value) });
          break;
      }
    }
  }

  private filterStatus(query: SelectQueryBuilder<CardEntity>, status: string, today: string): void {
    if (status === 'EXPIRED') {
      query.andWhere('card.expiresAt < :today', { today });

      return;
    }
    if (status !== 'ACTIVE' && status !== 'INACTIVE') throw CardsError.invalid('search cardStatusType', `${status} is not ACTIVE, INACTIVE or EXPIRED`);

    query.andWhere('card.status = :status AND card.expiresAt >= :today', { status, today });
  }

  private filterPersons(query: SelectQueryBuilder<PersonLinkEntity>, request: ListRequest): void {
    for (const [field, value] of request.terms) {
      switch (field) {
        case 'identifier':
          query.andWhere('link.esiKey = :esiKey', { esiKey: esiKeyOf('search identifier', value) });
          break;
        case 'identifierCode':
          this.checkIdentifierCode('search identifierCode', value);
          break;
        case 'academicLevel':
          if (!(ACADEMIC_LEVELS as string[]).includes(value)) {
            throw CardsError.invalid('search academicLevel', `${value} is not one of ${ACADEMIC_LEVELS.join(', ')}`);
          }
          query.andWhere('link.academicLevel = :academicLevel', { academicLevel: value });
          break;
      }
    }
  }

  private checkIdentifierCode(field: string, value: string): void {
    if (value.toUpperCase() !== 'ESI') throw CardsError.invalid(field, `${value} is not ESI, the only identifier code`);
  }

  private async organisationId(field: string, identifier: string): Promise<number> {
    const organisation = await this.organisations.findByIdentifier(identifier);
    if (!organisation) throw CardsError.unknownOrganisation(`search ${field}`, identifier);

    return organisation.id;
  }

  /**
   * Reads one page of ids on the sort index: after the anchor of the previous page when this instance,
   * or for pages far into the list any instance, served it. Otherwise after the nearest shared anchor
   * before it with OFFSET for the pages in between, or with OFFSET from the start. Both read the index only, and rows are fetched by id afterwards.
   * Then counts at most COUNT_WINDOW rows from the start of the page.
   */
  private async pageOfIds<T extends object>(
    query: SelectQueryBuilder<T>,
    sort: SortColumns,
    request: ListRequest,
    scope: string,
  ): Promise<{ ids: string[]; totalElements: number }> {
    const list = `${scope}:${request.sort}:${request.direction}:${request.size}:${JSON.stringify([...request.terms])}`;
    const offset = request.page * request.size;
    const found = request.page > 0 && !sort.nullable ? await this.anchors.nearest(list, request.page - 1, offset) : undefined;
    const anchor = found?.anchor;
    const base = query.clone();
    if (anchor) {
      const comparison = request.direction === 'ASC' ? '>' : '<';
      if (sort.unique) base.andWhere(`${sort.column} ${comparison} :anchorValue`, { anchorValue: anchor.sortValue });
      else base.andWhere(`(${sort.column}, ${sort.id}) ${comparison} (:anchorValue, :anchorId)`, { anchorValue: anchor.sortValue, anchorId: anchor.id });
    }
    // Rows between the anchored page and the requested one; none when the previous page is the anchor.
    const skip = found ? (request.page - 1 - found.page) * request.size : offset;

    const pageQuery = base.clone().select(`${sort.id}::text`, 'id').addSelect(`${sort.column}::text`, 'sortValue').orderBy(sort.column, request.direction);
    if (!sort.unique) pageQuery.addOrderBy(sort.id, request.direction);
    const rows: { id: string; sortValue: string | null }[] = await pageQuery.offset(skip).limit(request.size).getRawMany();
    const last = rows.at(-1);
    if (last && last.sortValue !== null && rows.length === request.size) {
      await this.anchors.set(list, request.page, offset + request.size, { sortValue: last.sortValue, id: last.id });
    }

    let totalElements = offset + (await this.count(base, skip, COUNT_WINDOW));
    if (rows.length === 0 && offset > 0) totalElements = await this.count(query, 0, offset);

    return { ids: rows.map((row) => row.id), totalElements };
  }

  /** Counts the rows of a query after skipping some, stopping at a limit. */
  private async count<T extends object>(query: SelectQueryBuilder<T>, skip: number, limit: number): Promise<number> {
    const [sql, parameters] = query.clone().select('1').orderBy().offset(skip).limit(limit).getQueryAndParameters();
    const [{ total }] = await this.transactions.manager.query(`SELECT count(*)::int AS total FROM (${sql}) counted`, parameters);

    return total;
  }

  private async personsById(ids: string[]): Promise<Map<string, PersonEntity>> {
    if (ids.length === 0) return new Map();

    const persons = await this.transactions.manager
      .getRepository(PersonEntity)
      .createQueryBuilder('person')
      .where('person.id IN (:...ids)', { ids })
      .getMany();

    return new Map(persons.map((person) => [person.id, person]));
  }

  private page<T>(items: T[], request: ListRequest, totalElements: number): Page<T> {
    return { items, page: request.page, size: request.size, totalElements, totalPages: Math.ceil(totalElements / request.size) };
  }
}
