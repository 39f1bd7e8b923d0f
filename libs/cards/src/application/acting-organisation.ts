import { Injectable } from '@nestjs/common';
import { Principal } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { ProcessorsFacade } from '@escr/processors';
import { CardsError } from '../domain/cards.error.js';

/**
 * Resolves for which organisations a caller may act on cardholders and cards: its own organisation, and
 * the issuers that linked it as their processor. Every answer passes the legal gate of both organisations.
 */
@Injectable()
export class ActingOrganisation {
  constructor(
    private readonly organisations: OrganisationsFacade,
    private readonly processors: ProcessorsFacade,
  ) {}

  /** The caller's own organisation, which must pass the legal gate. */
  async caller(principal: Principal): Promise<OrganisationSnapshot> {
    if (principal.organisationId === null) throw CardsError.notActingFor('(none: operations staff hold no card data)');

    return this.organisations.assertMayManageCards(principal.organisationId);
  }

  /** The organisation named by a request field, when the caller may act for it. */
  async target(caller: OrganisationSnapshot, field: string, identifier: string): Promise<OrganisationSnapshot> {
    const target = await this.organisations.findByIdentifier(identifier);
    if (!target) throw CardsError.unknownOrganisation(field, identifier);
    if (target.id === caller.id) return caller;

    if (!(await this.processors.mayActFor(caller.id, target.id))) throw CardsError.notActingFor(identifier);

    return this.organisations.assertMayManageCards(target.id);
  }
}
