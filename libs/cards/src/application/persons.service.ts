import { Injectable, Logger } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import type { OrganisationSnapshot } from '@escr/organisations';
import { AcademicLevel } from '../domain/card.types.js';
import { CardsError } from '../domain/cards.error.js';
import { checkEsi } from '../domain/esi.js';
import { AuditValues } from '../infrastructure/audit-entry.entity.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { AuditTrail } from './audit-trail.js';

/** A person with its link to one organisation, as lockLinked and the single statement of card issuance read them. */
export interface LinkedPersonRow {
  id: string;
  esi: string;
  esi_key: string;
  created_at: Date;
  link_esi_key: string;
  full_name: string | null;
  email: string | null;
  academic_level: AcademicLevel | null;
  has_picture: boolean;
  link_created_at: Date;
  updated_at: Date;
}

/** Builds the person and its one link from a LinkedPersonRow. */
export function linkedPersonOf(row: LinkedPersonRow, organisationId: number): PersonWithLinks {
  const person = Object.assign(new PersonEntity(), { id: row.id, esi: row.esi, esiKey: row.esi_key, createdAt: row.created_at });
  const link = Object.assign(new PersonLinkEntity(), {
    personId: row.id,
    organisationId,
    esiKey: row.link_esi_key,
    fullName: row.full_name,
    email: row.email,
    academicLevel: row.academic_level,
    hasPicture: row.has_picture,
    createdAt: row.link_created_at,
    updatedAt: row.updated_at,
  });

  return { person, links: [link] };
}

export interface PersonLinkInput {
  organisationIdentifier: string;
  fullName?: string;
  email?: string;
  academicLevel?: AcademicLevel;
}

export interface PersonCommand {
  identifier: string;
  fullName?: string;
  links: PersonLinkInput[];
}

export interface PersonWithLinks {
  person: PersonEntity;
  links: PersonLinkEntity[];
}

interface LinkTarget {
  link: PersonLinkInput;
  organisation: OrganisationSnapshot;
}

/** Returns the audited fields of a link. */
export function linkValues(link: Pick<PersonLinkEntity, 'fullName' | 'email' | 'academicLevel'>): AuditValues {
  return { fullName: link.fullName, email: link.email, academicLevel: link.academicLevel };
}

/** Validates an ESI from a path or body field and returns its comparison key. */
export function esiKeyOf(field: string, identifier: string): string {
  const esi = checkEsi(identifier);
  if (!esi.valid) throw CardsError.invalid(field, `${identifier.slice(0, 300)} ${esi.reason}`);

  return esi.key;
}

/** Cardholders and their links to organisations. A caller reads and writes only the links it acts for. */
@Injectable()
export class PersonsService {
  private readonly logger = new Logger(PersonsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Registers a person's links to organisations the caller acts for. An existing link is rejected with ER-0019. */
  async create(principal: Principal, command: PersonCommand): Promise<PersonWithLinks> {
    const esiKey = esiKeyOf('identifier', command.identifier);
    const caller = await this.acting.caller(principal);
    const targets = await this.resolveTargets(caller, command.links);

    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      await manager.query(
        'INSERT INTO cards.person (esi, esi_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (esi_key) DO NOTHING',
        [command.identifier, esiKey, this.clock.now()],
      );
      const person = await manager.getRepository(PersonEntity).findOneByOrFail({ esiKey });

      const links: PersonLinkEntity[] = [];
      for (const target of targets) {
        const link = await this.insertLink(person, target, command.fullName);
        if (!link) throw CardsError.personLinkExists(command.identifier, target.organisation.identifier);

        await this.auditLink(principal, person, link, 'CREATE', null, linkValues(link));
        links.push(link);
      }
      this.logger.debug({ personId: person.id, links: links.length }, 'person links created');

      return { person, links };
    });
  }

  /** Returns the person with the links the caller acts for; 404 when it has none. */
  async find(principal: Principal, identifier: string): Promise<PersonWithLinks> {
    const esiKey = esiKeyOf('esi', identifier);
    const caller = await this.acting.caller(principal);

    return this.findVisible(caller, esiKey, identifier);
  }

  /**
   * Updates the links named in the body, and creates those that do not exist yet. Links of other
   * organisations stay as they are. The ESI itself cannot change.
   */
  async update(principal: Principal, identifier: string, command: PersonCommand): Promise<PersonWithLinks> {
    const esiKey = esiKeyOf('esi', identifier);
    if (esiKeyOf('identifier', command.identifier) !== esiKey) {
      throw CardsError.invalid('identifier', `${command.identifier} differs from the ESI in the path, ${identifier}; an ESI cannot change`);
    }
    const caller = await this.acting.caller(principal);
    const targets = await this.resolveTargets(caller, command.links);

    return this.transactions.run(async () => {
      const { person } = await this.findVisible(caller, esiKey, identifier, true);
      const repository = this.transactions.manager.getRepository(PersonLinkEntity);

      for (const target of targets) {
        const existing = await repository.findOneBy({ personId: person.id, organisationId: target.organisation.id });
        if (!existing) {
          const created = await this.insertLink(person, target, command.fullName);
          if (created) await this.auditLink(principal, person, created, 'CREATE', null, linkValues(created));
          continue;
        }

        const before = linkValues(existing);
        existing.fullName = target.link.fullName ?? command.fullName ?? null;
        existing.email = target.link.email ?? null;
        existing.academicLevel = target.link.academicLevel ?? null;
        existing.updatedAt = this.clock.now();
        await repository.update(
          { personId: person.id, organisationId: existing.organisationId },
          { fullName: existing.fullName, email: existing.email, academicLevel: existing.academicLevel, updatedAt: existing.updatedAt },
        );
        await this.auditLink(principal, person, existing, 'UPDATE', before, linkValues(existing));
      }

      return this.findVisible(caller, esiKey, identifier);
    });
  }

  /** Finds a person by ESI with the links of the given organisations. */
  async findWithLinks(identifier: string, organisationIds: number[]): Promise<PersonWithLinks | null> {
    const esi = checkEsi(identifier);
    if (!esi.valid) return null;

    const person = await this.transactions.manager.getRepository(PersonEntity).findOneBy({ esiKey: esi.key });
    if (!person) return null;

    return { person, links: await this.linksOf([person.id], organisationIds) };
  }

  /**
   * Loads a person with its link to one organisation in one statement, and locks the link with FOR SHARE
   * until the transaction ends, so that a concurrent erasure cannot delete the person meanwhile. Returns
   * null when the identifier is not a valid ESI, the person is unknown or not linked to the organisation.
   * Must run inside a transaction.
   */
  async lockLinked(identifier: string, organisationId: number): Promise<PersonWithLinks | null> {
    if (!this.transactions.inTransaction) throw new Error('lockLinked must run inside a transaction');

    const esi = checkEsi(identifier);
    if (!esi.valid) return null;

    const rows: LinkedPersonRow[] = await this.transactions.manager.query(
      `SELECT person.id, person.esi, person.esi_key, person.created_at, link.esi_key AS link_esi_key, link.full_name,
              link.email, link.academic_level, link.has_picture, link.created_at AS link_created_at, link.updated_at
         FROM cards.person AS person
         JOIN cards.person_link AS link ON link.person_id = person.id AND link.organisation_id = $2
        WHERE person.esi_key = $1
          FOR SHARE OF link`,
      [esi.key, organisationId],
    );
    if (rows.length === 0) return null;

    return linkedPersonOf(rows[0], organisationId);
  }

  async findPersonById(personId: string): Promise<PersonEntity | null> {
    return this.transactions.manager.getRepository(PersonEntity).findOneBy({ id: personId });
  }

  /** Loads the links of these persons to these organisations, oldest first. */
  async linksOf(personIds: string[], organisationIds: number[]): Promise<PersonLinkEntity[]> {
    if (personIds.length === 0 || organisationIds.length === 0) return [];

    return this.transactions.manager
      .getRepository(PersonLinkEntity)
      .createQueryBuilder('link')
      .where('link.personId IN (:...personIds) AND link.organisationId IN (:...organisationIds)', { personIds, organisationIds })
      .orderBy('link.createdAt', 'ASC')
      .addOrderBy('link.organisationId', 'ASC')
      .getMany();
  }

  /** Loads the person with the links the caller acts for, or throws ER-0003 when there is none. */
  async findVisible(caller: OrganisationSnapshot, esiKey: string, identifier: string, lock = false): Promise<PersonWithLinks> {
    const manager = this.transactions.manager;
    const query = manager.getRepository(PersonEntity).createQueryBuilder('person').where('person.esiKey = :esiKey', { esiKey });
    if (lock) query.setLock('pessimistic_write');
    const person = await query.getOne();
    if (!person) throw CardsError.personNotFound(identifier);

    const all = await manager.getRepository(PersonLinkEntity).find({
      where: { personId: person.id },
      order: { createdAt: 'ASC', organisationId: 'ASC' },
    });
    const visible = await this.acting.visibleIds(caller, all.map((link) => link.organisationId));
    const links = all.filter((link) => visible.has(link.organisationId));
    if (links.length === 0) throw CardsError.personNotFound(identifier);

    return { person, links };
  }

  private async resolveTargets(caller: OrganisationSnapshot, links: PersonLinkInput[]): Promise<LinkTarget[]> {
    const targets: LinkTarget[] = [];
    for (const [index, link] of links.entries()) {
      const field = `personOrganisationUpdateViews[${index}].organisationIdentifier`;
      const organisation = await this.acting.target(caller, field, link.organisationIdentifier);
      if (targets.some((target) => target.organisation.id === organisation.id)) {
        throw CardsError.invalid(field, `organisation ${link.organisationIdentifier} appears more than once`);
      }
      targets.push({ link, organisation });
    }

    return targets;
  }

  /** Inserts a link and returns it, or returns null when the person already has a link to that organisation. */
  private async insertLink(person: PersonEntity, target: LinkTarget, fallbackName?: string): Promise<PersonLinkEntity | null> {
    const manager = this.transactions.manager;
    const { link, organisation } = target;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO cards.person_link (person_id, organisation_id, esi_key, full_name, email, academic_level, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (person_id, organisation_id) DO NOTHING
       RETURNING person_id`,
      [person.id, organisation.id, person.esiKey, link.fullName ?? fallbackName ?? null, link.email ?? null, link.academicLevel ?? null, this.clock.now()],
    );
    if (inserted.length === 0) return null;

    return manager.getRepository(PersonLinkEntity).findOneByOrFail({ personId: person.id, organisationId: organisation.id });
  }

  private auditLink(
    principal: Principal,
    person: PersonEntity,
    link: PersonLinkEntity,
    action: 'CREATE' | 'UPDATE',
    before: AuditValues | null,
    after: AuditValues,
  ): Promise<void> {
    return this.audit.record(principal, {
      organisationId: link.organisationId,
      subjectType: 'PERSON_LINK',
      subjectKey: person.esi,
      personId: person.id,
      action,
      before,
      after,
    });
  }
}
