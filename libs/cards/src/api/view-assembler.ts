import { Injectable } from '@nestjs/common';
import { Clock, CodeView } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import {
  ACADEMIC_LEVEL_LABELS,
  CARD_STATUS_LABELS,
  CARD_TYPES,
  effectiveStatus,
  isoDate,
} from '../domain/card.types.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { CardView } from './card.views.js';
import { OrganisationLiteView } from './organisation-lite.view.js';
import { PersonLiteView, PersonOrganisationView, PersonView } from './person.views.js';

/** Builds the API V2 views from stored rows. A caller sees only the person links of organisations it acts for. */
@Injectable()
export class ViewAssembler {
  constructor(
    private readonly organisations: OrganisationsFacade,
    private readonly clock: Clock,
  ) {}

  async personView(person: PersonEntity, links: PersonLinkEntity[]): Promise<PersonView> {
    const organisations = await this.organisations.findManyByIds(links.map((link) => link.organisationId));
    const views = links.map((link) => this.linkView(link, organisations));

    return Object.assign(new PersonView(), {
      fullName: links.find((link) => link.fullName)?.fullName ?? null,
      identifier: person.esi,
      identifierCode: CodeView.of('ESI', 'European Student Identifier'),
      organisationCount: views.length,
      organisations: views,
    });
  }

  async cardView(card: CardEntity, person: PersonEntity, links: PersonLinkEntity[]): Promise<CardView> {
    const ids = [card.issuerOrganisationId, ...links.map((link) => link.organisationId)];
    if (card.processorOrganisationId !== null) ids.push(card.processorOrganisationId);
    const organisations = await this.organisations.findManyByIds(ids);
    const status = effectiveStatus(card.status, card.expiresAt, isoDate(this.clock.now()));
    const processor = card.processorOrganisationId === null ? undefined : organisations.get(card.processorOrganisationId);

    return Object.assign(new CardView(), {
      cardNumber: card.escn,
      cardStatusType: CodeView.of(status, CARD_STATUS_LABELS[status]),
      cardType: CodeView.of(card.cardType, CARD_TYPES[card.cardType].label),
      displayName: card.displayName,
      expiresAt: card.expiresAt,
      hasOwnerAuthorization: true,
      issuedAt: card.issuedAt,
      issuer: OrganisationLiteView.of(this.required(organisations, card.issuerOrganisationId)),
      person: Object.assign(new PersonLiteView(), {
        fullName: links.find((link) => link.fullName)?.fullName ?? null,
        identifier: person.esi,
        organisations: links.map((link) => this.linkView(link, organisations)),
      }),
      processor: processor ? OrganisationLiteView.of(processor) : null,
    });
  }

  private linkView(link: PersonLinkEntity, organisations: Map<number, OrganisationSnapshot>): PersonOrganisationView {
    return Object.assign(new PersonOrganisationView(), {
      academicLevel: link.academicLevel ? CodeView.of(link.academicLevel, ACADEMIC_LEVEL_LABELS[link.academicLevel]) : null,
      contactPoint: { email: link.email },
      fullName: link.fullName,
      hasPicture: link.hasPicture,
      organisation: OrganisationLiteView.of(this.required(organisations, link.organisationId)),
    });
  }

  private required(organisations: Map<number, OrganisationSnapshot>, id: number): OrganisationSnapshot {
    const organisation = organisations.get(id);
    if (!organisation) throw new Error(`Organisation ${id} referenced by card data does not exist`);

    return organisation;
  }
}
