import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, Principal, TransactionHost } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSnapshot } from '@escr/organisations';
import { CardChangesService } from '../../application/card-changes.service.js';
import { CardsService } from '../../application/cards.service.js';
import { ListsService } from '../../application/lists.service.js';
import { PersonRemovalService } from '../../application/person-removal.service.js';
import { PersonCommand, PersonsService, PersonWithLinks } from '../../application/persons.service.js';
import { effectiveStatus, isoDate } from '../../domain/card.types.js';
import { CardEntity } from '../../infrastructure/card.entity.js';
import { PersonLinkEntity } from '../../infrastructure/person-link.entity.js';
import { academicLevelToV1, cardTypeToV1, V1_ACADEMIC_LEVELS, V1_CARD_TYPES } from './v1-mapping.js';
import { V1Error } from './v1.errors.js';
import { readWindow } from './v1-window.js';
import { CardV1PostView, CardV1View, StudentPostView, StudentView } from './v1.views.js';

interface V1StudentRow {
  expiry_date: string;
  phone_number: string | null;
}

/** The card status object of GET /api/v1/cards/status/{escn}, in the shape of the HEI status API of V1. */
export interface V1CardStatus {
  europeanStudentCardNumber: string;
  europeanStudentIdentifier: string;
  picInstitutionCode: string;
  status: string;
  expiryDate: string;
  academicLevel: number | null;
}

/**
 * The deprecated API V1 on the data of API V2. Every rule (ESI and ESCN checks, the legal gate, who may act
 * for which organisation, conflicts) stays in the V2 use cases that this adapter calls. Only the V1 fields
 * that V2 has no place for (student expiry date, phone number, card UID) are stored here.
 */
@Injectable()
export class V1Service {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly persons: PersonsService,
    private readonly removal: PersonRemovalService,
    private readonly cards: CardsService,
    private readonly changes: CardChangesService,
    private readonly lists: ListsService,
    private readonly organisations: OrganisationsFacade,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async addStudent(principal: Principal, body: StudentPostView): Promise<StudentView> {
    const created = await this.transactions.run(async () => {
      const student = await this.persons.create(principal, this.personCommand(body));
      await this.saveStudentFields(student, body);

      return student;
    });

    return this.studentView(principal, created);
  }

  async retrieveStudent(principal: Principal, esi: string): Promise<StudentView> {
    return this.studentView(principal, await this.persons.find(principal, esi));
  }

  async updateStudent(principal: Principal, esi: string, body: StudentPostView): Promise<StudentView> {
    const updated = await this.transactions.run(async () => {
      const student = await this.persons.update(principal, esi, this.personCommand(body));
      await this.saveStudentFields(student, body);

      return student;
    });

    return this.studentView(principal, updated);
  }

  /** Removes the student's links to the caller's organisations, as DELETE /api/v2/persons/{esi} does. */
  async deleteStudent(principal: Principal, esi: string): Promise<void> {
    await this.transactions.run(async () => {
      const { person, links } = await this.persons.find(principal, esi);
      await this.removal.remove(principal, esi);
      await this.transactions.manager.query('DELETE FROM cards.v1_student WHERE person_id = $1 AND organisation_id = ANY($2)', [
        person.id,
        links.map((link) => link.organisationId),
      ]);
    });
  }

  async listStudents(principal: Principal, offset: number, limit: number): Promise<StudentView[]> {
    const students = await readWindow(offset, limit, this.config.LIST_MAX_PAGE_SIZE, (page, size) =>
      this.lists.listPersons(principal, { page: String(page), size: String(size) }),
    );
    const views: StudentView[] = [];
    for (const student of students) views.push(await this.studentView(principal, student));

    return views;
  }

  /**
   * Issues an ACTIVE card to a student of the caller's organisation through POST /api/v2/cards, issued
   * today and expiring on the student's V1 expiry date. Returns the ESCN.
   */
  async addCard(principal: Principal, esi: string, body: CardV1PostView): Promise<string> {
    const student = await this.persons.find(principal, esi);
    const link = student.links[0];
    const organisation = await this.organisationOf(link);
    const fields = await this.studentFields(link);
    const expiresAt = fields?.expiry_date ?? (await this.latestExpiry(principal, student, organisation));
    if (!expiresAt) throw V1Error.missingExpiryDate(esi);

    return this.transactions.run(async () => {
      const issued = await this.cards.issue(principal, {
        cardNumber: body.europeanStudentCardNumber,
        cardStatusType: 'ACTIVE',
        cardType: V1_CARD_TYPES[body.cardType ?? 0],
        issuedAt: isoDate(this.clock.now()),
        expiresAt,
        issuerIdentifier: organisation.identifier,
        personIdentifier: student.person.esi,
      });
      if (body.cardUid?.trim()) {
        await this.transactions.manager.query('INSERT INTO cards.v1_card (escn, card_uid) VALUES ($1, $2)', [issued.card.escn, body.cardUid.trim()]);
      }

      return issued.card.escn;
    });
  }

  async retrieveCard(principal: Principal, esi: string, escn: string): Promise<CardV1View> {
    const issued = await this.cardOfStudent(principal, esi, escn);

    return this.cardView(issued.card, await this.studentView(principal, { person: issued.person, links: issued.links }));
  }

  async deleteCard(principal: Principal, esi: string, escn: string): Promise<void> {
    const issued = await this.cardOfStudent(principal, esi, escn);
    await this.changes.remove(principal, issued.card.escn);
  }

  async listCards(principal: Principal, offset: number, limit: number): Promise<CardV1View[]> {
    const items = await readWindow(offset, limit, this.config.LIST_MAX_PAGE_SIZE, (page, size) =>
      this.lists.listCards(principal, { page: String(page), size: String(size) }),
    );
    const views: CardV1View[] = [];
    for (const { card, holder } of items) views.push(await this.cardView(card, await this.studentView(principal, holder, false)));

    return views;
  }

  async cardStatus(principal: Principal, escn: string): Promise<V1CardStatus> {
    const { card, person, links } = await this.cards.find(principal, escn);
    const issuer = await this.organisations.findById(card.issuerOrganisationId);
    const link = links.find((candidate) => candidate.organisationId === card.issuerOrganisationId) ?? links[0];

    return {
      europeanStudentCardNumber: card.escn,
      europeanStudentIdentifier: person.esi,
      picInstitutionCode: issuer?.identifier ?? '',
      status: effectiveStatus(card.status, card.expiresAt, isoDate(this.clock.now())),
      expiryDate: card.expiresAt,
      academicLevel: academicLevelToV1(link?.academicLevel ?? null),
    };
  }

  private personCommand(body: StudentPostView): PersonCommand {
    return {
      identifier: body.europeanStudentIdentifier,
      links: [
        {
          organisationIdentifier: body.picInstitutionCode,
          fullName: body.name,
          email: body.emailAddress,
          academicLevel: body.academicLevel === undefined ? undefined : V1_ACADEMIC_LEVELS[body.academicLevel],
        },
      ],
    };
  }

  private async saveStudentFields(student: PersonWithLinks, body: StudentPostView): Promise<void> {
    const organisation = await this.organisations.findByIdentifier(body.picInstitutionCode);
    if (!organisation) return;

    await this.transactions.manager.query(
      `INSERT INTO cards.v1_student (person_id, organisation_id, expiry_date, phone_number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_id, organisation_id) DO UPDATE SET expiry_date = EXCLUDED.expiry_date, phone_number = EXCLUDED.phone_number`,
      [student.person.id, organisation.id, body.expiryDate, body.phoneNumber ?? null],
    );
  }

  private async studentFields(link: PersonLinkEntity): Promise<V1StudentRow | null> {
    const rows: V1StudentRow[] = await this.transactions.manager.query(
      "SELECT to_char(expiry_date, 'YYYY-MM-DD') AS expiry_date, phone_number FROM cards.v1_student WHERE person_id = $1 AND organisation_id = $2",
      [link.personId, link.organisationId],
    );

    return rows[0] ?? null;
  }

  private async organisationOf(link: PersonLinkEntity): Promise<OrganisationSnapshot> {
    const organisation = await this.organisations.findById(link.organisationId);
    if (!organisation) throw new Error(`Organisation ${link.organisationId} of a person link does not exist`);

    return organisation;
  }

  /** Builds the V1 view of a student at one organisation: the first link the caller may see. */
  private async studentView(principal: Principal, student: PersonWithLinks, withCards = true): Promise<StudentView> {
    const link = student.links[0];
    const organisation = await this.organisationOf(link);
    const fields = await this.studentFields(link);
    const cards = withCards ? await this.cardsOf(principal, student, organisation) : [];

    return Object.assign(new StudentView(), {
      europeanStudentIdentifier: student.person.esi,
      picInstitutionCode: organisation.identifier,
      emailAddress: link.email,
      expiryDate: this.dateTime(fields?.expiry_date ?? this.latest(cards.map((card) => card.expiresAt))),
      name: link.fullName,
      phoneNumber: fields?.phone_number ?? null,
      academicLevel: academicLevelToV1(link.academicLevel),
      cards: await Promise.all(cards.map((card) => this.cardView(card))),
    });
  }

  private async cardsOf(principal: Principal, student: PersonWithLinks, organisation: OrganisationSnapshot): Promise<CardEntity[]> {
    const search = `person.identifier:${student.person.esi}<+>issuer.identifier:${organisation.identifier}`;
    const page = await this.lists.listCards(principal, { page: '0', size: String(this.config.LIST_MAX_PAGE_SIZE), search });

    return page.items.map((item) => item.card);
  }

  private async latestExpiry(principal: Principal, student: PersonWithLinks, organisation: OrganisationSnapshot): Promise<string | null> {
    return this.latest((await this.cardsOf(principal, student, organisation)).map((card) => card.expiresAt));
  }

  private latest(dates: string[]): string | null {
    return dates.length === 0 ? null : [...dates].sort().at(-1)!;
  }

  /** Formats the student's expiry date as the date-time that V1 declares, at midnight UTC. */
  private dateTime(date: string | null): string | null {
    return date === null ? null : `${date}T00:00:00.000Z`;
  }

  private async cardView(card: CardEntity, student?: StudentView): Promise<CardV1View> {
    const rows: { card_uid: string }[] = await this.transactions.manager.query('SELECT card_uid FROM cards.v1_card WHERE escn = $1', [card.escn]);
    const view = Object.assign(new CardV1View(), {
      europeanStudentCardNumber: card.escn,
      cardType: cardTypeToV1(card.cardType),
      cardUid: rows[0]?.card_uid ?? null,
    });
    if (student) view.student = student;

    return view;
  }

  private async cardOfStudent(principal: Principal, esi: string, escn: string) {
    const issued = await this.cards.find(principal, escn);
    const student = await this.persons.find(principal, esi);
    if (issued.person.id !== student.person.id) throw V1Error.cardOfAnotherStudent(issued.card.escn, esi);

    return issued;
  }
}
