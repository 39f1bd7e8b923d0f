import { Injectable, Logger } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { CardDeleted, PersonErased } from '../events/card-events.js';
import { CardEntity } from '../infrastructure/card.entity.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { AuditTrail } from './audit-trail.js';
import { esiKeyOf, linkValues, PersonsService } from './persons.service.js';

/**
 * Removes the caller's links of a person, and erases the person when no link is left. Erasure
 * soft-deletes every card of theirs and clears its display name, so its public status disappears.
 * It then deletes the person row with its pictures and removes their personal data from the audit
 * entries. Deleted cards keep their ESCN, which stays taken.
 */
@Injectable()
export class PersonRemovalService {
  private readonly logger = new Logger(PersonRemovalService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly persons: PersonsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async remove(principal: Principal, identifier: string): Promise<void> {
    const esiKey = esiKeyOf('esi', identifier);
    const caller = await this.acting.caller(principal);

    await this.transactions.run(async () => {
      const { person, links } = await this.persons.findVisible(caller, esiKey, identifier, true);
      const manager = this.transactions.manager;
      await manager.getRepository(PersonLinkEntity).delete({ personId: person.id, organisationId: In(links.map((link) => link.organisationId)) });
      for (const link of links) {
        await this.audit.record(principal, {
          organisationId: link.organisationId,
          subjectType: 'PERSON_LINK',
          subjectKey: person.esi,
          personId: person.id,
          action: 'DELETE',
          before: { ...linkValues(link), hasPicture: link.hasPicture },
          after: null,
        });
      }

      const remaining = await manager.getRepository(PersonLinkEntity).countBy({ personId: person.id });
      if (remaining === 0) await this.erase(principal, caller.id, person);
    });
  }

  private async erase(principal: Principal, callerId: number, person: PersonEntity): Promise<void> {
    const manager = this.transactions.manager;
    const live = await manager.getRepository(CardEntity).findBy({ personId: person.id, deletedAt: IsNull() });
    const now = this.clock.now();

    await manager.getRepository(CardEntity).update({ personId: person.id }, { displayName: null });
    await manager.getRepository(CardEntity).update({ personId: person.id, deletedAt: IsNull() }, { deletedAt: now, updatedAt: now });
    for (const card of live) {
      this.transactions.record(new CardDeleted({ cardNumber: card.escn, issuerOrganisationId: card.issuerOrganisationId }));
    }

    await this.audit.scrubPerson(person.id);
    for (const card of live) {
      await this.audit.record(principal, {
        organisationId: card.issuerOrganisationId,
        subjectType: 'CARD',
        subjectKey: card.escn,
        personId: null,
        action: 'DELETE',
        before: { cardStatusType: card.status, cardType: card.cardType, issuedAt: card.issuedAt, expiresAt: card.expiresAt },
        after: null,
      });
    }
    await this.audit.record(principal, {
      organisationId: callerId,
      subjectType: 'PERSON',
      subjectKey: null,
      personId: null,
      action: 'DELETE',
      before: null,
      after: null,
    });
    await manager.getRepository(PersonEntity).delete({ id: person.id });
    this.transactions.record(new PersonErased({ personId: person.id, cardNumbers: live.map((card) => card.escn) }));
    this.logger.log({ personId: person.id, cards: live.length }, 'person erased');
  }
}
