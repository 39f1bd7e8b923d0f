import { OutboxDispatcher } from '@escr/kernel';
import { PersonErased } from '@escr/cards';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';
import { cardRequest, esiOf, organisationLite, personRequest, referenceExample, schemaProperties } from './cards-fixtures';

const V2 = '/esc-rest/api/v2';
const DAY = 24 * 3600 * 1000;

function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

describe('cards API V2: persons and cards', () => {
  let testApp: TestApp;
  let clock: MutableClock;
  let reference: OnboardedOrganisation;
  let university: OnboardedOrganisation;

  beforeAll(async () => {
    clock = new MutableClock();
    // The reference examples pair the ESCN 3e506370-…-001000000001 with the issuer PIC 123456789.
    testApp = await startTestApp({ clock, env: { ESCN_REQUIRE_ISSUER_PIC: 'false' } });
    reference = await onboardOrganisation(testApp, { pic: '123456789', name: 'Université de Saint-Valentin' });
    university = await onboardOrganisation(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function as(organisation: OnboardedOrganisation) {
    const token = `Bearer ${organisation.apiToken}`;

    return {
      get: (path: string) => testApp.http.get(`${V2}${path}`).set('Authorization', token),
      post: (path: string, body: object) => testApp.http.post(`${V2}${path}`).set('Authorization', token).send(body),
      put: (path: string, body: object) => testApp.http.put(`${V2}${path}`).set('Authorization', token).send(body),
      delete: (path: string) => testApp.http.delete(`${V2}${path}`).set('Authorization', token),
    };
  }

  describe('reference examples', () => {
    const esi = 'urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx';

    it('replays the PersonUpdateView example', async () => {
      const body = { ...referenceExample('PersonUpdateView'), personOrganisationUpdateViews: [referenceExample('PersonOrganisationUpdateView')] };
      expect(body.personOrganisationUpdateViews[0].organisationIdentifier).toBe(123456789);

      const created = await as(reference).post('/persons', body).expect(201);
      const expected = {
        fullName: 'John Smith',
        identifier: esi,
        identifierCode: { key: 'ESI', label: 'European Student Identifier' },
        organisationCount: 1,
        organisations: [
          {
            academicLevel: { key: 'BACHELOR', label: 'Bachelor' },
            contactPoint: { email: 'student@example.com' },
            fullName: 'John Smith',
            hasPicture: false,
            organisation: organisationLite(reference),
          },
        ],
      };
      expect(created.body).toEqual(expected);
      expect(Object.keys(created.body).sort()).toEqual(schemaProperties('PersonView'));

      const read = await as(reference).get(`/persons/${encodeURIComponent(esi)}`).expect(200);
      expect(read.body).toEqual(expected);
    });

    it('replays the CardUpdateView example', async () => {
      const { processorIdentifier, ...body } = referenceExample('CardUpdateView');
      expect(processorIdentifier).toBe('B12345678');

      const created = await as(reference).post('/cards', body).expect(201);
      const expected = {
        cardNumber: '3e506370-826a-103d-bf76-001000000001',
        cardStatusType: { key: 'ACTIVE', label: 'Active' },
        cardType: { key: 'UNKNOWN', label: 'Unknown' },
        displayName: 'Card of John',
        expiresAt: '2040-12-31',
        hasOwnerAuthorization: true,
        issuedAt: '2030-12-31',
        issuer: organisationLite(reference),
        person: {
          fullName: 'John Smith',
          identifier: esi,
          organisations: [
            {
              academicLevel: { key: 'BACHELOR', label: 'Bachelor' },
              contactPoint: { email: 'student@example.com' },
              fullName: 'John Smith',
              hasPicture: false,
              organisation: organisationLite(reference),
            },
          ],
        },
        processor: null,
      };
      expect(created.body).toEqual(expected);
      expect(Object.keys(created.body).sort()).toEqual(schemaProperties('CardView'));

      const read = await as(reference).get('/cards/3e506370-826a-103d-bf76-001000000001').expect(200);
      expect(read.body).toEqual(expected);

      const duplicate = await as(reference).post('/cards', body).expect(409);
      expect(duplicate.body.code).toBe('ER-0002');
    });

    it('lists the example person and card in the reference envelopes', async () => {
      const persons = await as(reference).get('/persons').expect(200);
      expect(Object.keys(persons.body).sort()).toEqual(schemaProperties('PagedResourcesPersonLiteView'));
      expect(persons.body.page).toEqual({ number: 0, size: 10, totalElements: 1, totalPages: 1 });
      expect(persons.body.empty).toBe(false);
      expect(persons.body.content).toHaveLength(1);
      expect(Object.keys(persons.body.content[0]).sort()).toEqual(schemaProperties('PersonLiteView'));
      expect(persons.body.links).toEqual([
        { rel: 'self', href: '/esc-rest/api/v2/persons?page=0&size=10' },
        { rel: 'first', href: '/esc-rest/api/v2/persons?page=0&size=10' },
        { rel: 'last', href: '/esc-rest/api/v2/persons?page=0&size=10' },
      ]);

      const search = `person.identifierCode:ESI<+>person.identifier:${esi}`;
      const cards = await as(reference).get(`/cards?search=${encodeURIComponent(search)}`).expect(200);
      expect(Object.keys(cards.body).sort()).toEqual(schemaProperties('PagedResourcesCardLiteView'));
      expect(cards.body.content).toHaveLength(1);
      expect(Object.keys(cards.body.content[0]).sort()).toEqual(schemaProperties('CardLiteView'));
      expect(cards.body.content[0]).toMatchObject({ cardNumber: '3e506370-826a-103d-bf76-001000000001', cardStatusType: { key: 'ACTIVE' } });

      // An unencoded plus arrives as a space; the router still splits the terms.
      const unencoded = await as(reference).get(`/cards?search=person.identifierCode:ESI<+>person.identifier:${esi}`).expect(200);
      expect(unencoded.body.content).toHaveLength(1);
    });
  });

  describe('persons', () => {
    it('updates the caller links and keeps the ESI', async () => {
      const esi = esiOf(university.pic, '100');
      await as(university).post('/persons', personRequest(university, esi)).expect(201);

      const otherEsi = await as(university).put(`/persons/${encodeURIComponent(esi)}`, personRequest(university, esiOf(university.pic, '199'))).expect(400);
      expect(otherEsi.body.code).toBe('ER-0100');
      expect(otherEsi.body.message).toContain('an ESI cannot change');

      const sameEsiOtherCase = esi.replace(':fr:', ':FR:');
      const response = await as(university)
        .put(`/persons/${encodeURIComponent(sameEsiOtherCase)}`, personRequest(university, sameEsiOtherCase, { fullName: 'Jane Smith', academicLevel: 'DOCTORATE', email: undefined }))
        .expect(200);
      expect(response.body.identifier).toBe(esi);
      expect(response.body.organisations).toEqual([
        {
          academicLevel: { key: 'DOCTORATE', label: 'Doctorate' },
          contactPoint: { email: null },
          fullName: 'Jane Smith',
          hasPicture: false,
          organisation: organisationLite(university),
        },
      ]);
    });

    it('answers 409 ER-0019 for an existing link', async () => {
      const esi = esiOf(university.pic, '101');
      await as(university).post('/persons', personRequest(university, esi)).expect(201);
      const again = await as(university).post('/persons', personRequest(university, esi)).expect(409);
      expect(again.body).toEqual({ code: 'ER-0019', message: `User already exists for this organisation: ${esi} is already linked to ${university.pic}` });
    });

    it('shows each organisation only its own link', async () => {
      const esi = esiOf(university.pic, '102');
      await as(university).post('/persons', personRequest(university, esi, { fullName: 'Uni Name' })).expect(201);
      await as(reference).post('/persons', personRequest(reference, esi, { fullName: 'Reference Name' })).expect(201);

      const seenByUniversity = await as(university).get(`/persons/${encodeURIComponent(esi)}`).expect(200);
      expect(seenByUniversity.body.organisationCount).toBe(1);
      expect(seenByUniversity.body.organisations[0].fullName).toBe('Uni Name');
      const seenByReference = await as(reference).get(`/persons/${encodeURIComponent(esi)}`).expect(200);
      expect(seenByReference.body.organisations[0].fullName).toBe('Reference Name');

      const stranger = await onboardOrganisation(testApp);
      const hidden = await as(stranger).get(`/persons/${encodeURIComponent(esi)}`).expect(404);
      expect(hidden.body.code).toBe('ER-0003');
    });

    it('erases the person and their cards when the last link goes', async () => {
      const erasures: PersonErased['payload'][] = [];
      testApp.app.get(OutboxDispatcher).subscribe(PersonErased, 'test.capture-erasures', async (event) => {
        erasures.push(event.payload);
      });
      const esi = esiOf(university.pic, '103');
      await as(university).post('/persons', personRequest(university, esi)).expect(201);
      await as(reference).post('/persons', personRequest(reference, esi)).expect(201);
      const card = await as(university).post('/cards', cardRequest(university, esi)).expect(201);
      const escn = card.body.cardNumber as string;
      await testApp.drainOutbox();
      await testApp.http.get(`${V2}/cards/${escn}/status`).expect(200);

      await as(reference).delete(`/persons/${encodeURIComponent(esi)}`).expect(204);
      await as(reference).get(`/persons/${encodeURIComponent(esi)}`).expect(404);
      await as(university).get(`/persons/${encodeURIComponent(esi)}`).expect(200);
      await as(university).get(`/cards/${escn}`).expect(200);

      await as(university).delete(`/persons/${encodeURIComponent(esi)}`).expect(204);
      await testApp.drainOutbox();
      const gone = await as(university).get(`/cards/${escn}`).expect(404);
      expect(gone.body).toEqual({ code: 'ER-0001', message: `No card with ESCN ${escn}` });
      const status = await testApp.http.get(`${V2}/cards/${escn}/status`).expect(404);
      expect(status.body.code).toBe('ER-0001');

      expect(erasures).toEqual([expect.objectContaining({ cardNumbers: [escn] })]);
      const rows: unknown[] = await testApp.app
        .get(require('typeorm').DataSource)
        .query('SELECT 1 FROM cards.person WHERE esi = $1', [esi]);
      expect(rows).toHaveLength(0);

      // A new registration of the same ESI starts afresh, and the erased card's number stays taken.
      await as(university).post('/persons', personRequest(university, esi)).expect(201);
      const reused = await as(university).post('/cards', cardRequest(university, esi, { cardNumber: escn })).expect(409);
      expect(reused.body.code).toBe('ER-0002');
    });
  });

  describe('cards', () => {
    let esi: string;

    beforeAll(async () => {
      esi = esiOf(university.pic, '200');
      await as(university).post('/persons', personRequest(university, esi)).expect(201);
    });

    it('updates a card and publishes its new status', async () => {
      const created = await as(university).post('/cards', cardRequest(university, esi)).expect(201);
      const escn = created.body.cardNumber as string;

      const updated = await as(university)
        .put(`/cards/${escn}`, cardRequest(university, esi, { cardStatusType: 'INACTIVE', cardType: 'SMART_CDZ', displayName: 'New name', cardNumber: escn }))
        .expect(200);
      expect(updated.body).toMatchObject({
        cardNumber: escn,
        cardStatusType: { key: 'INACTIVE', label: 'Inactive' },
        cardType: { key: 'SMART_CDZ', label: 'Smart card with the ESC common data zone' },
        displayName: 'New name',
      });
      await testApp.drainOutbox();
      const status = await testApp.http.get(`${V2}/cards/${escn}/status`).expect(200);
      expect(status.body.status).toBe('INACTIVE');
    });

    it('soft-deletes a card', async () => {
      const created = await as(university).post('/cards', cardRequest(university, esi)).expect(201);
      const escn = created.body.cardNumber as string;
      await testApp.drainOutbox();

      await as(university).delete(`/cards/${escn}`).expect(204);
      await testApp.drainOutbox();
      expect((await as(university).get(`/cards/${escn}`).expect(404)).body.code).toBe('ER-0001');
      expect((await as(university).delete(`/cards/${escn}`).expect(404)).body.code).toBe('ER-0001');
      expect((await as(university).put(`/cards/${escn}`, cardRequest(university, esi)).expect(404)).body.code).toBe('ER-0001');
      expect((await testApp.http.get(`${V2}/cards/${escn}/status`).expect(404)).body.code).toBe('ER-0001');
      const listed = await as(university).get(`/cards?search=cardNumber:${escn}`).expect(200);
      expect(listed.body.empty).toBe(true);
    });

    it('rejects moving a card to another issuer or holder', async () => {
      const created = await as(university).post('/cards', cardRequest(university, esi)).expect(201);
      const escn = created.body.cardNumber as string;

      const issuer = await as(university).put(`/cards/${escn}`, cardRequest(university, esi, { issuerIdentifier: reference.pic })).expect(400);
      expect(issuer.body.code).toBe('ER-0006');
      expect(issuer.body.message).toContain(`issuerIdentifier: a card cannot move from ${university.pic} to ${reference.pic}`);
      const holder = await as(university).put(`/cards/${escn}`, cardRequest(university, esi, { personIdentifier: esiOf(university.pic, '999') })).expect(400);
      expect(holder.body.code).toBe('ER-0006');
      const foreign = await as(reference).put(`/cards/${escn}`, cardRequest(reference, esi)).expect(403);
      expect(foreign.body.code).toBe('SE-0004');
      expect((await as(reference).get(`/cards/${escn}`).expect(403)).body.code).toBe('SE-0004');
    });

    it('reactivates an expired card only with a new expiry date', async () => {
      const today = isoDate(clock.now());
      const tomorrow = isoDate(new Date(clock.now().getTime() + DAY));
      const created = await as(university).post('/cards', cardRequest(university, esi, { issuedAt: today, expiresAt: tomorrow })).expect(201);
      const escn = created.body.cardNumber as string;

      clock.advance(3 * DAY);
      try {
        const expired = await as(university).get(`/cards/${escn}`).expect(200);
        expect(expired.body.cardStatusType).toEqual({ key: 'EXPIRED', label: 'Expired' });

        const statusOnly = await as(university).put(`/cards/${escn}`, cardRequest(university, esi, { issuedAt: today, expiresAt: tomorrow })).expect(400);
        expect(statusOnly.body.code).toBe('ER-0007');
        expect(statusOnly.body.message).toContain(`Card ${escn} expired on ${tomorrow}`);
        const { cardStatusType: _omitted, ...withoutStatus } = cardRequest(university, esi, { issuedAt: today, expiresAt: '2035-01-01' });
        const expiryOnly = await as(university).put(`/cards/${escn}`, withoutStatus).expect(400);
        expect(expiryOnly.body.message).toContain('cardStatusType: is required');

        const reactivated = await as(university)
          .put(`/cards/${escn}`, cardRequest(university, esi, { issuedAt: today, expiresAt: '2035-01-01', cardStatusType: 'ACTIVE' }))
          .expect(200);
        expect(reactivated.body.cardStatusType).toEqual({ key: 'ACTIVE', label: 'Active' });
        expect(reactivated.body.expiresAt).toBe('2035-01-01');
      } finally {
        clock.advance(-3 * DAY);
      }
    });
  });

  describe('lists', () => {
    let owner: OnboardedOrganisation;

    beforeAll(async () => {
      owner = await onboardOrganisation(testApp);
      for (let index = 0; index < 12; index++) {
        const esi = esiOf(owner.pic, String(index).padStart(3, '0'));
        await as(owner).post('/persons', personRequest(owner, esi, { fullName: `Student ${String(25 - index).padStart(2, '0')}`, academicLevel: index % 2 ? 'MASTER' : 'BACHELOR' })).expect(201);
        clock.advance(1000);
        await as(owner).post('/cards', cardRequest(owner, esi, { cardType: index % 3 === 0 ? 'SMART_CDZ' : 'PASSIVE', expiresAt: `2030-01-${String(28 - index).padStart(2, '0')}` })).expect(201);
      }
    });

    it('pages persons with metadata and links', async () => {
      const second = await as(owner).get('/persons?page=1&size=5').expect(200);
      expect(second.body.page).toEqual({ number: 1, size: 5, totalElements: 12, totalPages: 3 });
      expect(second.body.content.map((person: { identifier: string }) => person.identifier)).toEqual(
        [5, 6, 7, 8, 9].map((index) => esiOf(owner.pic, String(index).padStart(3, '0'))),
      );
      expect(second.body.links.map((link: { rel: string }) => link.rel)).toEqual(['self', 'first', 'prev', 'next', 'last']);
      expect(second.body.links[3].href).toBe('/esc-rest/api/v2/persons?page=2&size=5');

      const beyond = await as(owner).get('/persons?page=9&size=5').expect(200);
      expect(beyond.body).toMatchObject({ content: [], empty: true, page: { number: 9, size: 5, totalElements: 12, totalPages: 3 } });
    });

    it('walks every page in order, seeking from the previous page', async () => {
      for (const [sort, direction] of [['createdAt', 'ASC'], ['identifier', 'DESC'], ['fullName', 'ASC']]) {
        const walked: string[] = [];
        for (let page = 0; page < 3; page++) {
          const response = await as(owner).get(`/persons?sort=${sort}&direction=${direction}&size=5&page=${page}`).expect(200);
          expect(response.body.page).toEqual({ number: page, size: 5, totalElements: 12, totalPages: 3 });
          walked.push(...response.body.content.map((person: { identifier: string }) => person.identifier));
        }
        const all = await as(owner).get(`/persons?sort=${sort}&direction=${direction}&size=100`).expect(200);
        expect(walked).toEqual(all.body.content.map((person: { identifier: string }) => person.identifier));
        expect(new Set(walked).size).toBe(12);
      }

      const cards: string[] = [];
      for (let page = 0; page < 4; page++) {
        const response = await as(owner).get(`/cards?sort=expiresAt&direction=desc&size=4&page=${page}`).expect(200);
        cards.push(...response.body.content.map((card: { expiresAt: string }) => card.expiresAt));
      }
      expect(cards).toEqual([...cards].sort().reverse());
      expect(cards).toHaveLength(12);
    });

    it('sorts persons by full name in both directions', async () => {
      const ascending = await as(owner).get('/persons?sort=fullName&direction=asc&size=3').expect(200);
      expect(ascending.body.content.map((person: { fullName: string }) => person.fullName)).toEqual(['Student 14', 'Student 15', 'Student 16']);
      const descending = await as(owner).get('/persons?sort=fullName&direction=DESC&size=3').expect(200);
      expect(descending.body.content.map((person: { fullName: string }) => person.fullName)).toEqual(['Student 25', 'Student 24', 'Student 23']);
    });

    it('searches persons by ESI and academic level', async () => {
      const esi = esiOf(owner.pic, '004');
      const byEsi = await as(owner).get(`/persons?search=${encodeURIComponent(`identifierCode:ESI<+>identifier:${esi}`)}`).expect(200);
      expect(byEsi.body.content.map((person: { identifier: string }) => person.identifier)).toEqual([esi]);
      const masters = await as(owner).get('/persons?search=academicLevel:MASTER&size=100').expect(200);
      expect(masters.body.page.totalElements).toBe(6);
    });

    it('sorts and filters cards', async () => {
      const byExpiry = await as(owner).get('/cards?sort=expiresAt&size=2').expect(200);
      expect(byExpiry.body.content.map((card: { expiresAt: string }) => card.expiresAt)).toEqual(['2030-01-17', '2030-01-18']);
      const smart = await as(owner).get(`/cards?search=${encodeURIComponent('cardType:SMART_CDZ<+>cardStatusType:ACTIVE')}`).expect(200);
      expect(smart.body.page.totalElements).toBe(4);
      const scoped = await as(owner).get(`/cards?search=issuer.identifier:${owner.pic}`).expect(200);
      expect(scoped.body.page.totalElements).toBe(12);
      const foreign = await as(owner).get(`/cards?search=issuer.identifier:${university.pic}`).expect(403);
      expect(foreign.body.code).toBe('SE-0004');
    });

    it('caps the page size', async () => {
      const capped = await as(owner).get('/cards?size=5000').expect(200);
      expect(capped.body.page.size).toBe(100);
    });

    it.each([
      ['/cards?page=-1', 'ER-0100', 'page: -1 is not a whole number'],
      ['/cards?page=1000000001', 'ER-0100', 'page: 1000000001 is not within 0 and 1000000000'],
      ['/cards?size=0', 'ER-0100', 'size: 0 is not within'],
      ['/cards?size=ten', 'ER-0100', 'size: ten is not a whole number'],
      ['/cards?direction=sideways', 'ER-0100', 'direction: sideways is neither ASC nor DESC'],
      ['/cards?sort=colour', 'ER-0100', 'sort: colour is not sortable; use one of createdAt, cardNumber, issuedAt, expiresAt'],
      ['/cards?search=colour:red', 'ER-0012', 'search: unknown field colour; use one of cardNumber, cardStatusType, cardType'],
      ['/cards?search=cardStatusType:LOST', 'ER-0100', 'search cardStatusType: LOST is not ACTIVE, INACTIVE or EXPIRED'],
      ['/cards?search=cardNumber:123', 'ER-0100', 'search cardNumber: 123 is not an ESCN'],
      ['/persons?search=identifierCode:NIN', 'ER-0100', 'search identifierCode: NIN is not ESI'],
      ['/persons?search=email:a@b.c', 'ER-0012', 'search: unknown field email; use one of identifier, identifierCode, organisation.identifier, academicLevel'],
      ['/persons?page=1&page=2', 'ER-0100', 'page: must be given once'],
    ])('rejects %s', async (path, code, message) => {
      const response = await as(owner).get(path).expect(400);
      expect(response.body.code).toBe(code);
      expect(response.body.message).toContain(message);
    });
  });

  describe('bad input', () => {
    let esi: string;

    beforeAll(async () => {
      esi = esiOf(university.pic, '300');
      await as(university).post('/persons', personRequest(university, esi)).expect(201);
    });

    it.each([
      ['a malformed ESI', { identifier: 'student-42' }, 'identifier: student-42 must be urn:schac:personalUniqueCode:int:esi:'],
      ['an ESI over 255 characters', { identifier: `urn:schac:personalUniqueCode:int:esi:fr:${'1'.repeat(250)}` }, 'identifier: identifier must be shorter than or equal to 255 characters'],
      ['an unknown academic level', { personOrganisationUpdateViews: [{ organisationIdentifier: '123456789', academicLevel: 'PHD' }] }, 'academicLevel: must be one of BACHELOR, MASTER, DOCTORATE'],
      ['a full name over 255 characters', { personOrganisationUpdateViews: [{ organisationIdentifier: '123456789', fullName: 'x'.repeat(256) }] }, 'fullName: fullName must be shorter than or equal to 255 characters'],
      ['an unknown identifier code', { identifierCode: 'NIN' }, 'identifierCode: must be ESI'],
      ['no link', { personOrganisationUpdateViews: [] }, 'personOrganisationUpdateViews: must contain at least one organisation link'],
    ])('rejects a person with %s', async (_case, override, message) => {
      const body = { ...personRequest(university, esiOf(university.pic, '301')), ...override };
      const response = await as(university).post('/persons', body).expect(400);
      expect(response.body.message).toContain(message);
    });

    it.each([
      ['a malformed ESCN', { cardNumber: 'not-an-escn' }, 'ER-0100', 'cardNumber: not-an-escn is not an ESCN'],
      ['an unknown card type', { cardType: 'PLASTIC' }, 'ER-0100', 'cardType: must be one of UNKNOWN, PASSIVE'],
      ['an unknown status', { cardStatusType: 'EXPIRED' }, 'ER-0100', 'cardStatusType: must be ACTIVE or INACTIVE'],
      ['a date in the wrong format', { expiresAt: '31/12/2030' }, 'ER-0100', 'expiresAt: must be a date in the form yyyy-MM-dd'],
      ['an impossible date', { issuedAt: '2027-02-29' }, 'ER-0100', 'issuedAt: must be a date in the form yyyy-MM-dd'],
      ['expiresAt before issuedAt', { issuedAt: '2030-01-02', expiresAt: '2030-01-01' }, 'ER-0100', 'expiresAt: 2030-01-01 is before issuedAt 2030-01-02'],
      ['a display name over 255 characters', { displayName: 'x'.repeat(256) }, 'ER-0100', 'displayName: displayName must be shorter than or equal to 255 characters'],
      ['an unknown person', { personIdentifier: 'urn:schac:personalUniqueCode:int:esi:fr:nobody' }, 'ER-0003', 'No person with ESI'],
      ['an unknown processor', { processorIdentifier: 'XX000' }, 'ER-0005', 'processorIdentifier: no registered organisation has identifier XX000'],
    ])('rejects a card with %s', async (_case, override, code, message) => {
      const status = code === 'ER-0003' ? 404 : 400;
      const response = await as(university).post('/cards', cardRequest(university, esi, override)).expect(status);
      expect(response.body).toEqual({ code, message: expect.stringContaining(message) });
    });

    it('rejects malformed path parameters', async () => {
      expect((await as(university).get('/cards/not-an-escn').expect(400)).body.code).toBe('ER-0100');
      expect((await as(university).get('/persons/not-an-esi').expect(400)).body.code).toBe('ER-0100');
      expect((await as(university).get('/cards/3e506370-826a-103d-bf76-001999999999').expect(404)).body.code).toBe('ER-0001');
    });

    it('rejects a body that is not JSON', async () => {
      const response = await testApp.http
        .post(`${V2}/cards`)
        .set('Authorization', `Bearer ${university.apiToken}`)
        .set('Content-Type', 'text/csv')
        .send('a,b,c')
        .expect(415);
      expect(response.body.code).toBe('ER-0415');
    });

    it('leaves nothing behind after a rejected request', async () => {
      const before = await as(university).get('/cards?size=1').expect(200);
      await as(university).post('/cards', cardRequest(university, esi, { issuedAt: '2030-01-02', expiresAt: '2030-01-01' })).expect(400);
      const after = await as(university).get('/cards?size=1').expect(200);
      expect(after.body.page.totalElements).toBe(before.body.page.totalElements);
    });
  });
});
