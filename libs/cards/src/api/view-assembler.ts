import { Injectable } from '@nestjs/common';
import { Clock, CodeView } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { IssuedCard } from '../application/cards.service.js';
import { Page } from '../application/lists.service.js';
import { PersonWithLinks } from '../application/persons.service.js';
import { ACADEMIC_LEVEL_LABELS, CARD_STATUS_LABELS, CARD_TYPES, effectiveStatus, isoDate } from '../domain/card.types.js';
import { RawListParameters } from '../domain/list-request.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { CardView } from './card.views.js';
import { CardLiteView, Link, PagedResourcesCardLiteView, PagedResourcesPersonLiteView, PageMetadata } from './list.views.js';
import { OrganisationLiteView } from './organisation-lite.view.js';
import { PersonLiteView, PersonOrganisationView, PersonView } from './person.views.js';

type Organisations = Map<number, OrganisationSnapshot>;

/** Builds the API V2 views from stored rows. A caller sees only the person links of organisations it acts for. */
@Injectable()
export class ViewAssembler {
  constructor(
    private readonly organisations: OrganisationsFacade,
    private readonly clock: Clock,
  ) {}

  async personView({ person, links }: PersonWithLinks): Promise<PersonView> {
    const organisations = await this.organisations.findCachedManyByIds(links.map((link) => link.organisationId));
    const views = links.map((link) => this.linkView(link, organisations));

    return Object.assign(new PersonView(), {
      fullName: links.find((link) => link.fullName)?.fullName ?? null,
      identifier: person.esi,
      identifierCode: CodeView.of('ESI', 'European Student Identifier'),
      organisationCount: views.length,
      organisations: views,
    });
  }

  async cardView(issued: IssuedCard): Promise<CardView> {
    const organisations = await this.organisations.findCachedManyByIds(this.cardOrganisationIds([issued]));

    return Object.assign(new CardView(), {
      ...this.cardLite(issued.card, issued, organisations),
      cardType: CodeView.of(issued.card.cardType, CARD_TYPES[issued.card.cardType].label),
    });
  }

  async personPage(page: Page<PersonWithLinks>, path: string, parameters: RawListParameters): Promise<PagedResourcesPersonLiteView> {
    const organisations = await this.organisations.findCachedManyByIds(page.items.flatMap((item) => item.links.map((link) => link.organisationId)));

    return Object.assign(new PagedResourcesPersonLiteView(), {
      content: page.items.map((item) => this.personLite(item, organisations)),
      empty: page.items.length === 0,
      links: this.pageLinks(page, path, parameters),
      page: this.pageMetadata(page),
    });
  }

  async cardPage(
    page: Page<{ card: CardEntity; holder: PersonWithLinks }>,
    path: string,
    parameters: RawListParameters,
  ): Promise<PagedResourcesCardLiteView> {
    const items = page.items.map(({ card, holder }) => ({ card, ...holder }));
    const organisations = await this.organisations.findCachedManyByIds(this.cardOrganisationIds(items));

    return Object.assign(new PagedResourcesCardLiteView(), {
      content: items.map((item) => Object.assign(new CardLiteView(), this.cardLite(item.card, item, organisations))),
      empty: items.length === 0,
      links: this.pageLinks(page, path, parameters),
      page: this.pageMetadata(page),
    });
  }

  private cardOrganisationIds(items: IssuedCard[]): number[] {
    return items.flatMap(({ card, links }) => [
      card.issuerOrganisationId,
      ...(card.processorOrganisationId === null ? [] : [card.processorOrganisationId]),
      ...links.map((link) => link.organisationId),
    ]);
  }

  private cardLite(card: CardEntity, holder: PersonWithLinks, organisations: Organisations): Omit<CardView, 'cardType'> {
    const status = effectiveStatus(card.status, card.expiresAt, isoDate(this.clock.now()));
    const processor = card.processorOrganisationId === null ? undefined : organisations.get(card.processorOrganisationId);

    return {
      cardNumber: card.escn,
      cardStatusType: CodeView.of(status, CARD_STATUS_LABELS[status]),
      displayName: card.displayName,
      expiresAt: card.expiresAt,
      hasOwnerAuthorization: true,
      issuedAt: card.issuedAt,
      issuer: OrganisationLiteView.of(this.required(organisations, card.issuerOrganisationId)),
      person: this.personLite(holder, organisations),
      processor: processor ? OrganisationLiteView.of(processor) : null,
    };
  }

  private personLite({ person, links }: PersonWithLinks, organisations: Organisations): PersonLiteView {
    return Object.assign(new PersonLiteView(), {
      fullName: links.find((link) => link.fullName)?.fullName ?? null,
      identifier: person.esi,
      organisations: links.map((link) => this.linkView(link, organisations)),
    });
  }

  private linkView(link: PersonLinkEntity, organisations: Organisations): PersonOrganisationView {
    return Object.assign(new PersonOrganisationView(), {
      academicLevel: link.academicLevel ? CodeView.of(link.academicLevel, ACADEMIC_LEVEL_LABELS[link.academicLevel]) : null,
      contactPoint: { email: link.email },
      fullName: link.fullName,
      hasPicture: link.hasPicture,
      organisation: OrganisationLiteView.of(this.required(organisations, link.organisationId)),
    });
  }

  private pageMetadata(page: Page<unknown>): PageMetadata {
    return Object.assign(new PageMetadata(), {
      number: page.page,
      size: page.size,
      totalElements: page.totalElements,
      totalPages: page.totalPages,
    });
  }

  /** self, plus first, prev, next and last where they exist, as Spring HATEOAS writes them. */
  private pageLinks(page: Page<unknown>, path: string, parameters: RawListParameters): Link[] {
    const href = (number: number) => {
      const query = new URLSearchParams();
      for (const name of ['sort', 'direction', 'search'] as const) {
        const value = parameters[name];
        if (typeof value === 'string' && value !== '') query.set(name, value);
      }
      query.set('page', String(number));
      query.set('size', String(page.size));

      return `${path}?${query.toString()}`;
    };
    const link = (rel: string, number: number) => Object.assign(new Link(), { rel, href: href(number) });
    const links = [link('self', page.page)];
    if (page.totalPages > 0) links.push(link('first', 0));
    if (page.page > 0) links.push(link('prev', page.page - 1));
    if (page.page + 1 < page.totalPages) links.push(link('next', page.page + 1));
    if (page.totalPages > 0) links.push(link('last', page.totalPages - 1));

    return links;
  }

  private required(organisations: Organisations, id: number): OrganisationSnapshot {
    const organisation = organisations.get(id);
    if (!organisation) throw new Error(`Organisation ${id} referenced by card data does not exist`);

    return organisation;
  }
}
