import { acceptAllLegalDocuments, login, onboardOrganisation, OnboardedOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';
import { cardRequest, esiOf, organisationLite, personRequest } from './cards-fixtures';

const V2 = '/esc-rest/api/v2';

describe('cards API V2: processors and the legal gate', () => {
  let testApp: TestApp;
  let issuer: OnboardedOrganisation;
  let processorToken: string;
  let vatNumber: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SCHEDULER_ENABLED: 'false' } });
    issuer = await onboardOrganisation(testApp);
    vatNumber = `NL${String(Date.now() % 1e7).padStart(7, '0')}B01`;
    const administrator = `admin-${vatNumber.toLowerCase()}@processor.example`;
    const registered = await testApp.http
      .post(`/api/organisations/${issuer.organisationId}/processors/registrations`)
      .auth(issuer.adminAccessToken, { type: 'bearer' })
      .send({ name: 'Card Printing BV', vatNumber, country: 'NL', administrator: { email: administrator, password: TEST_PASSWORD } })
      .expect(201);
    // Linking a processor changes the issuer's joint controllership arrangement, which it accepts again.
    await acceptAllLegalDocuments(testApp, issuer.organisationId, issuer.adminAccessToken);

    const processorId = registered.body.organisationId as number;
    const ops = await operationsToken(testApp);
    await testApp.http.post(`/api/operations/organisations/${processorId}/vet`).auth(ops, { type: 'bearer' }).expect(200);
    const processorAdmin = await login(testApp, administrator);
    await acceptAllLegalDocuments(testApp, processorId, processorAdmin);
    const token = await testApp.http
      .post(`/api/organisations/${processorId}/api-tokens`)
      .auth(processorAdmin, { type: 'bearer' })
      .send({ name: 'processor system', expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() })
      .expect(201);
    processorToken = token.body.token as string;
  });

  afterAll(async () => {
    await testApp.close();
  });

  function asProcessor() {
    return {
      get: (path: string) => testApp.http.get(`${V2}${path}`).auth(processorToken, { type: 'bearer' }),
      post: (path: string, body: object) => testApp.http.post(`${V2}${path}`).auth(processorToken, { type: 'bearer' }).send(body),
      put: (path: string, body: object) => testApp.http.put(`${V2}${path}`).auth(processorToken, { type: 'bearer' }).send(body),
      delete: (path: string) => testApp.http.delete(`${V2}${path}`).auth(processorToken, { type: 'bearer' }),
    };
  }

  it('manages the persons and cards of the issuer that linked it', async () => {
    const esi = esiOf(issuer.pic, '001');
    const person = await asProcessor().post('/persons', personRequest(issuer, esi)).expect(201);
    expect(person.body.organisations.map((link: { organisation: unknown }) => link.organisation)).toEqual([organisationLite(issuer)]);

    const card = await asProcessor().post('/cards', cardRequest(issuer, esi, { processorIdentifier: vatNumber })).expect(201);
    expect(card.body.issuer).toEqual(organisationLite(issuer));
    expect(card.body.processor).toMatchObject({ identifier: vatNumber, name: 'Card Printing BV', identifierCode: { key: 'VAT' }, organisationType: { key: 'PROCESSOR' } });
    const escn = card.body.cardNumber as string;

    const seenByIssuer = await testApp.http.get(`${V2}/cards/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(seenByIssuer.body.processor.identifier).toBe(vatNumber);

    const own = await asProcessor().get('/cards').expect(200);
    expect(own.body.page.totalElements).toBe(0);
    const issuers = await asProcessor().get(`/cards?search=issuer.identifier:${issuer.pic}`).expect(200);
    expect(issuers.body.content.map((item: { cardNumber: string }) => item.cardNumber)).toEqual([escn]);
    const persons = await asProcessor().get(`/persons?search=organisation.identifier:${issuer.pic}`).expect(200);
    expect(persons.body.content.map((item: { identifier: string }) => item.identifier)).toEqual([esi]);

    await asProcessor().put(`/cards/${escn}`, cardRequest(issuer, esi, { cardStatusType: 'INACTIVE', processorIdentifier: vatNumber })).expect(200);
    await asProcessor().delete(`/cards/${escn}`).expect(204);
    await asProcessor().get(`/cards/${escn}`).expect(404);
  });

  it('loses access when the issuer unlinks it', async () => {
    const esi = esiOf(issuer.pic, '002');
    await testApp.http.post(`${V2}/persons`).auth(issuer.apiToken, { type: 'bearer' }).send(personRequest(issuer, esi)).expect(201);
    const card = await testApp.http.post(`${V2}/cards`).auth(issuer.apiToken, { type: 'bearer' }).send(cardRequest(issuer, esi)).expect(201);
    await asProcessor().get(`/cards/${card.body.cardNumber}`).expect(200);

    await testApp.http
      .delete(`/api/organisations/${issuer.organisationId}/processors/${vatNumber}`)
      .auth(issuer.adminAccessToken, { type: 'bearer' })
      .expect(204);
    const card403 = await asProcessor().get(`/cards/${card.body.cardNumber}`).expect(403);
    expect(card403.body.code).toBe('SE-0004');
    const person404 = await asProcessor().get(`/persons/${encodeURIComponent(esi)}`).expect(404);
    expect(person404.body.code).toBe('ER-0003');
    const list403 = await asProcessor().get(`/cards?search=issuer.identifier:${issuer.pic}`).expect(403);
    expect(list403.body.code).toBe('SE-0004');
  });

  it('requires the issuer PIC at the end of a supplied ESCN', async () => {
    const esi = esiOf(issuer.pic, '003');
    await testApp.http.post(`${V2}/persons`).auth(issuer.apiToken, { type: 'bearer' }).send(personRequest(issuer, esi)).expect(201);
    const foreign = '3e506370-826a-103d-bf76-001000000001';
    const rejected = await testApp.http
      .post(`${V2}/cards`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send(cardRequest(issuer, esi, { cardNumber: foreign }))
      .expect(400);
    expect(rejected.body).toEqual({ code: 'ER-0100', message: `cardNumber: the last 9 digits of ${foreign} must be the issuer PIC ${issuer.pic}` });

    const own = `3e506370-826a-103d-bf76-001${issuer.pic}`;
    const accepted = await testApp.http
      .post(`${V2}/cards`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send(cardRequest(issuer, esi, { cardNumber: own.toUpperCase() }))
      .expect(201);
    expect(accepted.body.cardNumber).toBe(own);
  });

  it('applies the legal gate to reads and writes', async () => {
    const pending = await onboardOrganisation(testApp, { acceptLegalDocuments: false });
    const esi = esiOf(pending.pic, '001');
    const requests = [
      testApp.http.get(`${V2}/cards`),
      testApp.http.get(`${V2}/persons`),
      testApp.http.get(`${V2}/persons/${encodeURIComponent(esi)}`),
      testApp.http.get(`${V2}/cards/3e506370-826a-103d-bf76-001${pending.pic}`),
      testApp.http.post(`${V2}/persons`).send(personRequest(pending, esi)),
      testApp.http.delete(`${V2}/persons/${encodeURIComponent(esi)}`),
      testApp.http.get(`${V2}/organisations/${pending.pic}/person/${encodeURIComponent(esi)}/picture`),
    ];
    for (const request of requests) {
      const response = await request.auth(pending.apiToken, { type: 'bearer' }).expect(403);
      expect(response.body.code).toBe('LG-0001');
    }
  });
});
