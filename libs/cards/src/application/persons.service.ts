import { Injectable, Logger } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import type { OrganisationSnapshot } from '@escr/organisations';
import { AcademicLevel } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { checkEsi } from '../domain/esi.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { ActingOrganisation } from './acting-organisation.js';

export interface PersonLinkInput {
  organisationIdentifier: string;
  fullName?: string;
  email?: string;
  academicLevel?: AcademicLevel;
}

export interface CreatePerson {
  identifier: string;
  fullName?: string;
  links: PersonLinkInput[];
}

export interface PersonWithLinks {
  person: PersonEntity;
  links: PersonLinkEntity[];
}

@Injectable()
export class PersonsService {
  private readonly logger = new Logger(PersonsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly clock: Clock,
  ) {}

  /** Registers a person's links to organisations the caller acts for. An existing link answers ER-0019. */
  async create(principal: Principal, command: CreatePerson): Promise<PersonWithLinks> {
    const esi = checkEsi(command.identifier);
    if (!esi.valid) throw CardsError.invalid('identifier', esi.reason);

    const caller = await this.acting.caller(principal);
    const targets: { link: PersonLinkInput; organisation: OrganisationSnapshot }[] = [];
    for (const [index, link] of command.links.entries()) {
      const field = `personOrganisationUpdateViews[${index}].organisationIdentifier`;
      targets.push({ link, organisation: await this.acting.target(caller, field, link.organisationIdentifier) });
    }

    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      const now = this.clock.now();
      await manager.query(
        'INSERT INTO cards.person (esi, esi_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (esi_key) DO NOTHING',
        [command.identifier, esi.key, now],
      );
      const person = await manager.getRepository(PersonEntity).findOneByOrFail({ esiKey: esi.key });

      const links: PersonLinkEntity[] = [];
      for (const { link, organisation } of targets) {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO cards.person_link (person_id, organisation_id, full_name, email, academic_level, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (person_id, organisation_id) DO NOTHING
           RETURNING person_id`,
          [person.id, organisation.id, link.fullName ?? command.fullName ?? null, link.email ?? null, link.academicLevel ?? null, now],
        );
        if (inserted.length === 0) throw CardsError.personLinkExists(command.identifier, organisation.identifier);

        links.push(await manager.getRepository(PersonLinkEntity).findOneByOrFail({ personId: person.id, organisationId: organisation.id }));
      }
      this.logger.debug({ personId: person.id, links: links.length }, 'person links created');

      return { person, links };
    });
  }

  /** Finds a person by ESI with the links of the given organisations. */
  async findWithLinks(identifier: string, organisationIds: number[]): Promise<PersonWithLinks | null> {
    const esi = checkEsi(identifier);
    if (!esi.valid) return null;

    const manager = this.transactions.manager;
    const person = await manager.getRepository(PersonEntity).findOneBy({ esiKey: esi.key });
    if (!person) return null;

    const links = await manager
      .getRepository(PersonLinkEntity)
      .createQueryBuilder('link')
      .where('link.personId = :personId AND link.organisationId IN (:...organisationIds)', { personId: person.id, organisationIds })
      .getMany();

    return { person, links };
  }
}
