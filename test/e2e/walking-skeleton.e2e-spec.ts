import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptAllLegalDocuments, login, onboardOrganisation, operationsToken, randomPic, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'esc-router-api-v2.openapi.json'), 'utf8'));
const ESCN_V1_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9]{12}$/;

/** Property names of a schema of the reference document. */
function schemaProperties(name: string): string[] {
  return Object.keys(reference.components.schemas[name].properties).sort();
}

describe('walking skeleton', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('registers, accepts, issues and verifies a card end to end', async () => {
    const { http } = testApp;
    const pic = randomPic();
    const adminEmail = `admin-${pic}@univ.example`;

    // Step 1: the operator command's use case creates the first operations-staff account.
    const opsToken = await operationsToken(testApp, `ops-${pic}@example.eu`);

    // Step 2: registration creates an organisation awaiting vetting, then operations staff vet it.
    const registered = await http
      .post('/api/organisations')
      .send({
        name: 'Université de Saint-Valentin',
        pic,
        country: 'FR',
        schacHomeOrganization: 'univ-saint-valentin.fr',
        administrator: { email: adminEmail, password: TEST_PASSWORD },
      })
      .expect(201);
    expect(registered.body).toMatchObject({ type: 'HEI', identifier: pic, status: 'PENDING_VETTING', country: 'FR' });
    const organisationId = registered.body.id as number;
    const vetted = await http.post(`/api/operations/organisations/${organisationId}/vet`).auth(opsToken, { type: 'bearer' }).expect(200);
    expect(vetted.body.status).toBe('LEGAL_PENDING');

    // Step 3: the administrator logs in.
    const adminToken = await login(testApp, adminEmail);

    // Step 5 before step 4: an API token works, but the legal gate stops card operations.
    const created = await http
      .post(`/api/organisations/${organisationId}/api-tokens`)
      .auth(adminToken, { type: 'bearer' })
      .send({ name: 'CMS', expiresAt: '2027-06-30' })
      .expect(201);
    const apiToken = created.body.token as string;
    expect(apiToken).toMatch(/^escr_[0-9A-Za-z]{38}$/);
    const listed = await http.get(`/api/organisations/${organisationId}/api-tokens`).auth(adminToken, { type: 'bearer' }).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(apiToken);

    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${pic}01`;
    const cardRequest = {
      cardStatusType: 'ACTIVE',
      cardType: 'SMART_PASSIVE',
      displayName: 'Card of John',
      expiresAt: '2040-12-31',
      issuedAt: '2030-12-31',
      issuerIdentifier: pic,
      personIdentifier: esi,
    };
    const gated = await http.post('/esc-rest/api/v2/cards').auth(apiToken, { type: 'bearer' }).send(cardRequest).expect(403);
    expect(Object.keys(gated.body).sort()).toEqual(['code', 'message']);
    expect(gated.body.code).toBe('LG-0001');
    expect(gated.body.message).toContain('legal documents');

    // Step 4: the authorised person accepts version 1 of the three documents.
    const documents = await http.get(`/api/organisations/${organisationId}/legal-documents`).auth(adminToken, { type: 'bearer' }).expect(200);
    expect(documents.body.map((document: { documentType: string }) => document.documentType)).toEqual([
      'TERMS_AND_CONDITIONS',
      'PRIVACY_STATEMENT',
      'JOINT_CONTROLLERSHIP_ARRANGEMENT',
    ]);
    expect(documents.body[2].text).toContain('Université de Saint-Valentin');
    await acceptAllLegalDocuments(testApp, organisationId, adminToken);
    const organisation = await http.get(`/api/organisations/${organisationId}`).auth(adminToken, { type: 'bearer' }).expect(200);
    expect(organisation.body.status).toBe('ACTIVE');

    // Step 6: a person, then a card with a minted ESCN.
    const personRequest = {
      identifier: esi,
      identifierCode: 'ESI',
      personOrganisationUpdateViews: [
        { organisationIdentifier: pic, fullName: 'John Smith', email: 'student@example.com', academicLevel: 'BACHELOR' },
      ],
    };
    const person = await http.post('/esc-rest/api/v2/persons').auth(apiToken, { type: 'bearer' }).send(personRequest).expect(201);
    expect(Object.keys(person.body).sort()).toEqual(schemaProperties('PersonView'));
    expect(person.body).toMatchObject({
      identifier: esi,
      identifierCode: { key: 'ESI' },
      organisationCount: 1,
      fullName: 'John Smith',
    });
    const link = person.body.organisations[0];
    expect(Object.keys(link).sort()).toEqual(schemaProperties('PersonOrganisationView'));
    expect(link).toMatchObject({
      academicLevel: { key: 'BACHELOR', label: 'Bachelor' },
      contactPoint: { email: 'student@example.com' },
      fullName: 'John Smith',
      hasPicture: false,
    });
    expect(Object.keys(link.organisation).sort()).toEqual(schemaProperties('OrganisationLiteView'));
    expect(link.organisation).toMatchObject({
      id: organisationId,
      identifier: pic,
      identifierCode: { key: 'PIC' },
      name: 'Université de Saint-Valentin',
      fullLabel: `${pic} - Université de Saint-Valentin`,
      organisationType: { key: 'HEI' },
      status: { key: 'ACTIVE' },
      schacHomeOrganization: 'univ-saint-valentin.fr',
    });

    const card = await http.post('/esc-rest/api/v2/cards').auth(apiToken, { type: 'bearer' }).send(cardRequest).expect(201);
    expect(Object.keys(card.body).sort()).toEqual(schemaProperties('CardView'));
    const escn = card.body.cardNumber as string;
    expect(escn).toMatch(ESCN_V1_LAYOUT);
    expect(escn.slice(-12)).toBe(`001${pic}`);
    expect(card.body).toMatchObject({
      cardStatusType: { key: 'ACTIVE', label: 'Active' },
      cardType: { key: 'SMART_PASSIVE' },
      displayName: 'Card of John',
      expiresAt: '2040-12-31',
      issuedAt: '2030-12-31',
      hasOwnerAuthorization: true,
      processor: null,
    });
    expect(card.body.issuer.identifier).toBe(pic);
    expect(card.body.person).toMatchObject({ identifier: esi, fullName: 'John Smith' });
    expect(Object.keys(card.body.person).sort()).toEqual(schemaProperties('PersonLiteView'));

    // The minted time value follows the official formula: unix ms × 10 000 + 12 219 292 800 000.
    const [timeLow, timeMid, timeHigh] = escn.split('-');
    const time = (BigInt(`0x${timeHigh.slice(1)}`) << 48n) | (BigInt(`0x${timeMid}`) << 32n) | BigInt(`0x${timeLow}`);
    const mintedAt = Number((time - 12_219_292_800_000n) / 10_000n);
    expect(Math.abs(mintedAt - Date.now())).toBeLessThan(60_000);

    // Step 7: public status and QR code, without a token.
    await testApp.drainOutbox();
    const status = await http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    expect(Object.keys(status.body).sort()).toEqual(schemaProperties('CardStatusView'));
    expect(status.body).toEqual({
      cardNumber: escn,
      displayName: null,
      expiresAt: '2040-12-31',
      issuedAt: '2030-12-31',
      issuerIdentifier: pic,
      issuerName: 'Université de Saint-Valentin',
      status: 'ACTIVE',
    });

    const qr = await http.get(`/esc-rest/api/v2/cards/${escn}/qr`).set('Accept', 'image/svg+xml').buffer(true).expect(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(String(qr.body)).toContain('<svg');
  });

  it('reports health and serves the generated OpenAPI document', async () => {
    const health = await testApp.http.get('/health').expect(200);
    expect(health.body.details.database.status).toBe('up');

    const document = await testApp.http.get('/esc-rest/v3/api-docs').expect(200);
    expect(document.body.info.title).toBe('ESC-Router');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/esc-rest/api/v2/persons', '/esc-rest/api/v2/cards', '/esc-rest/api/v2/cards/{escn}/status']),
    );
    expect(Object.keys(document.body.components.schemas)).toEqual(
      expect.arrayContaining(['PersonUpdateView', 'PersonOrganisationUpdateView', 'CardUpdateView']),
    );
    await testApp.http.get('/esc-rest/swagger-ui').expect((response) => expect([200, 301]).toContain(response.status));
  });

  describe('bad input', () => {
    it('rejects a malformed PIC at registration', async () => {
      const response = await testApp.http
        .post('/api/organisations')
        .send({ name: 'X', pic: '12345', country: 'FR', administrator: { email: 'x@example.eu', password: TEST_PASSWORD } })
        .expect(400);
      expect(response.body).toEqual({ code: 'ER-0100', message: expect.stringContaining('pic: must be exactly 9 digits') });
    });

    it('rejects a registration with a missing field', async () => {
      const response = await testApp.http
        .post('/api/organisations')
        .send({ name: 'X', pic: randomPic(), administrator: { email: 'x@example.eu', password: TEST_PASSWORD } })
        .expect(400);
      expect(response.body.code).toBe('ER-0100');
      expect(response.body.message).toContain('country');
    });

    it('rejects an ineligible country with the rule', async () => {
      const response = await testApp.http
        .post('/api/organisations')
        .send({ name: 'X', pic: randomPic(), country: 'US', administrator: { email: 'us@example.eu', password: TEST_PASSWORD } })
        .expect(422);
      expect(response.body.code).toBe('OR-0001');
      expect(response.body.message).toContain('US');
    });

    it('rejects a duplicate PIC', async () => {
      const pic = randomPic();
      const body = { name: 'X', pic, country: 'BE', administrator: { email: `a-${pic}@example.eu`, password: TEST_PASSWORD } };
      await testApp.http.post('/api/organisations').send(body).expect(201);
      const response = await testApp.http
        .post('/api/organisations')
        .send({ ...body, administrator: { email: `b-${pic}@example.eu`, password: TEST_PASSWORD } })
        .expect(409);
      expect(response.body.code).toBe('OR-0002');
    });

    it('answers a wrong password with 401', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const response = await testApp.http
        .post('/api/auth/login')
        .send({ email: onboarded.adminEmail, password: 'not the password at all' })
        .expect(401);
      expect(response.body).toEqual({ code: 'SE-0003', message: 'Invalid e-mail address or password' });
      const unknown = await testApp.http
        .post('/api/auth/login')
        .send({ email: 'nobody@example.eu', password: 'not the password at all' })
        .expect(401);
      expect(unknown.body).toEqual(response.body);
    });

    it('answers 401 without a token and with an unknown token', async () => {
      await testApp.http.post('/esc-rest/api/v2/cards').send({}).expect(401);
      const response = await testApp.http
        .post('/esc-rest/api/v2/cards')
        .auth('escr_000000000000000000000000000000000000000', { type: 'bearer' })
        .send({})
        .expect(401);
      expect(Object.keys(response.body).sort()).toEqual(['code', 'message']);
    });

    it('names the missing field of a card', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const response = await testApp.http
        .post('/esc-rest/api/v2/cards')
        .auth(onboarded.apiToken, { type: 'bearer' })
        .send({ cardStatusType: 'ACTIVE', cardType: 'PASSIVE', issuedAt: '2026-01-01', issuerIdentifier: onboarded.pic, personIdentifier: 'x' })
        .expect(400);
      expect(response.body.code).toBe('ER-0100');
      expect(response.body.message).toContain('expiresAt: is required');
    });

    it('answers 404 ER-0001 for an unknown ESCN and 400 for a malformed one', async () => {
      const unknown = await testApp.http.get('/esc-rest/api/v2/cards/3e506370-826a-103d-bf76-001000000001/status').expect(404);
      expect(unknown.body).toEqual({ code: 'ER-0001', message: 'No card with ESCN 3e506370-826a-103d-bf76-001000000001' });
      const malformed = await testApp.http.get('/esc-rest/api/v2/cards/not-an-escn/status').expect(400);
      expect(malformed.body.code).toBe('ER-0100');
    });

    it('forbids a card for another organisation with 403', async () => {
      const first = await onboardOrganisation(testApp);
      const second = await onboardOrganisation(testApp);
      const esi = `urn:schac:personalUniqueCode:int:esi:be:${second.pic}`;
      await testApp.http
        .post('/esc-rest/api/v2/persons')
        .auth(second.apiToken, { type: 'bearer' })
        .send({ identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: second.pic }] })
        .expect(201);

      const response = await testApp.http
        .post('/esc-rest/api/v2/cards')
        .auth(first.apiToken, { type: 'bearer' })
        .send({
          cardStatusType: 'ACTIVE',
          cardType: 'PASSIVE',
          issuedAt: '2026-01-01',
          expiresAt: '2027-01-01',
          issuerIdentifier: second.pic,
          personIdentifier: esi,
        })
        .expect(403);
      expect(response.body.code).toBe('SE-0004');
      const person = await testApp.http
        .post('/esc-rest/api/v2/persons')
        .auth(first.apiToken, { type: 'bearer' })
        .send({ identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: second.pic }] })
        .expect(403);
      expect(person.body.code).toBe('SE-0004');
    });

    it('answers a repeated person link with 409 ER-0019', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const body = {
        identifier: `urn:schac:personalUniqueCode:int:esi:fr:${onboarded.pic}`,
        personOrganisationUpdateViews: [{ organisationIdentifier: onboarded.pic }],
      };
      await testApp.http.post('/esc-rest/api/v2/persons').auth(onboarded.apiToken, { type: 'bearer' }).send(body).expect(201);
      const response = await testApp.http
        .post('/esc-rest/api/v2/persons')
        .auth(onboarded.apiToken, { type: 'bearer' })
        .send(body)
        .expect(409);
      expect(response.body.code).toBe('ER-0019');
    });

    it('rejects malformed JSON with 400 and a non-JSON body with 415', async () => {
      const malformed = await testApp.http
        .post('/api/organisations')
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(malformed.body.code).toBe('ER-0101');
      const text = await testApp.http.post('/api/organisations').set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(text.body).toEqual({ code: 'ER-0415', message: 'Content-Type text/plain is not supported here; send application/json' });
    });

    it('reads JSON sent with a charset or a +json type', async () => {
      for (const type of ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/problem+json']) {
        const answer = await testApp.http.post('/api/auth/login').set('Content-Type', type).send('{"email": "nobody@example.eu", "password": "x"}');
        expect([type, answer.status]).toEqual([type, 401]);
      }
    });

    it('names the body limit when a body is too large', async () => {
      const large = await testApp.http
        .post('/api/organisations')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1_200_000) }))
        .expect(413);
      expect(large.body).toEqual({ code: 'ER-0413', message: 'The request body is larger than the limit of 1 MiB (1048576 bytes)' });
    });

    it('echoes the request id on every answer', async () => {
      const health = await testApp.http.get('/health').expect(200);
      expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const missing = await testApp.http.get('/esc-rest/api/v2/nothing-here').set('X-Request-Id', 'client-7').expect(404);
      expect(missing.headers['x-request-id']).toBe('client-7');
      const page = await testApp.http.get('/verify').set('X-Request-Id', 'client-8').expect(200);
      expect(page.headers['x-request-id']).toBe('client-8');
    });
  });
});
