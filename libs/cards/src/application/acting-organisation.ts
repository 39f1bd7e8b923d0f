import { Injectable } from '@nestjs/common';
import { Principal } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { ProcessorsFacade } from '@escr/processors';
import { CardsError } from '../domain/cards.error.js';

/**
 * Resolves for which organisations a caller may act on cardholders and cards: its own organisation, and
 * the issuers that linked it as their processor. Every organisation returned has passed the legal gate.
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

  /** Resolves the organisation named by a request field, when the caller may act for it. */
  async target(caller: OrganisationSnapshot, field: string, identifier: string): Promise<OrganisationSnapshot> {
    const target = await this.organisations.findCachedByIdentifier(identifier);
    if (!target) throw CardsError.unknownOrganisation(field, identifier);

    return this.actFor(caller, target);
  }

  /** Resolves the organisation with this id when the caller may act for it, or throws SE-0004. */
  async targetById(caller: OrganisationSnapshot, organisationId: number): Promise<OrganisationSnapshot> {
    if (organisationId === caller.id) return caller;

    const target = await this.organisations.findById(organisationId);
    if (!target) throw CardsError.notActingFor(String(organisationId));

    return this.actFor(caller, target);
  }

  /** Filters organisation ids to those the caller may act for, without the legal gate of each. */
  async visibleIds(caller: OrganisationSnapshot, organisationIds: number[]): Promise<Set<number>> {
    const visible = new Set<number>();
    for (const id of new Set(organisationIds)) {
      if (id === caller.id || (await this.processors.mayActFor(caller.id, id))) visible.add(id);
    }

    return visible;
  }

  /** The processor named on a card, which must be a processor the issuer has linked. */
  async processorOf(identifier: string | undefined, issuer: OrganisationSnapshot): Promise<OrganisationSnapshot | null> {
    if (!identifier?.trim()) return null;

    const processor = await this.organisations.findCachedByIdentifier(identifier.trim());
    if (!processor || processor.type !== 'PROCESSOR') throw CardsError.unknownOrganisation('processorIdentifier', identifier);
    if (!(await this.processors.mayActFor(processor.id, issuer.id))) {
      throw CardsError.invalid('processorIdentifier', `${identifier} is not a processor linked to issuer ${issuer.identifier}`);
    }

    return processor;
  }

  private async actFor(caller: OrganisationSnapshot, target: OrganisationSnapshot): Promise<OrganisationSnapshot> {
    if (target.id === caller.id) return caller;

    if (!(await this.processors.mayActFor(caller.id, target.id))) throw CardsError.notActingFor(target.identifier);

    return this.organisations.assertMayManageCards(target.id);
  }
}
