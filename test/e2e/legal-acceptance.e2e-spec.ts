import { acceptAllLegalDocuments, login, onboardOrganisation, operationsToken, randomPic, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

interface LegalDocumentBody {
  documentType: string;
  version: number;
  sha256: string;
  text: string;
  accepted: boolean;
}

const CSV_HEADER = 'personIdentifier,cardNumber,issuerIdentifier,cardType,cardStatusType,issuedAt,expiresAt,displayName,processorIdentifier';

let vatCounter = 0;

/** Returns a fresh Belgian-style VAT number. */
function randomVatNumber(): string {
  vatCounter += 1;

  return `BE0${String(Date.now() % 1e6).padStart(6, '0')}${String(vatCounter).padStart(3, '0')}`;
}

describe('legal acceptance and the gate', () => {
  let testApp: TestApp;
  let ops: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SCHEDULER_ENABLED: 'false' } });
    ops = await operationsToken(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function documentsOf(organisationId: number, token: string): Promise<LegalDocumentBody[]> {
    const response = await testApp.http.get(`/api/organisations/${organisationId}/legal-documents`).auth(token, { type: 'bearer' }).expect(200);

    return response.body as LegalDocumentBody[];
  }

  /** Registers a processor by itself, vets it, accepts T&C and PS, and gives it an API token. */
  async function onboardProcessor(name = 'Card Printing Services SA') {
    const vatNumber = randomVatNumber();
    const adminEmail = `processor-${vatNumber}@example.eu`;
    const registered = await testApp.http
      .post('/api/processors')
      .send({
        name,
        vatNumber,
        country: 'BE',
        address: { streetName: 'Rue de la Loi', houseNumber: '200', cityName: 'Bruxelles', country: 'BE' },
        administrator: { email: adminEmail, password: TEST_PASSWORD },
      })
      .expect(201);
    const organisationId = registered.body.organisationId as number;
    await testApp.http.post(`/api/operations/organisations/${organisationId}/vet`).auth(ops, { type: 'bearer' }).expect(200);
    const adminToken = await login(testApp, adminEmail);
    await acceptAllLegalDocuments(testApp, organisationId, adminToken);
    const token = await testApp.http
      .post(`/api/organisations/${organisationId}/api-tokens`)
      .auth(adminToken, { type: 'bearer' })
      .send({ name: 'processor CMS', expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() })
      .expect(201);

    return { organisationId, vatNumber, adminToken, apiToken: token.body.token as string };
  }

  it('records an acceptance by the authorised person', async () => {
    const hei = await onboardOrganisation(testApp, { acceptLegalDocuments: false });
    const documents = await documentsOf(hei.organisationId, hei.adminAccessToken);
    expect(documents.map((document) => document.documentType)).toEqual([
      'TERMS_AND_CONDITIONS',
      'PRIVACY_STATEMENT',
      'JOINT_CONTROLLERSHIP_ARRANGEMENT',
    ]);
    expect(documents.every((document) => !document.accepted)).toBe(true);

    await acceptAllLegalDocuments(testApp, hei.organisationId, hei.adminAccessToken);

    const after = await documentsOf(hei.organisationId, hei.adminAccessToken);
    expect(after.every((document) => document.accepted)).toBe(true);
    const organisation = await testApp.http.get(`/api/organisations/${hei.organisationId}`).auth(hei.adminAccessToken, { type: 'bearer' });
    expect(organisation.body.status).toBe('ACTIVE');
    const rows: { user_id: string; text_sha256: string; client_address: string }[] = await testApp.app
      .get(require('typeorm').DataSource)
      .query('SELECT user_id, text_sha256, client_address FROM organisations.legal_acceptance WHERE organisation_id = $1', [hei.organisationId]);
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.text_sha256).sort()).toEqual(documents.map((document) => document.sha256).sort());
    expect(rows[0].client_address).toMatch(/127\.0\.0\.1|::1/);
  });

  it('rejects a stale hash', async () => {
    const hei = await onboardOrganisation(testApp, { acceptLegalDocuments: false });
    const [terms] = await documentsOf(hei.organisationId, hei.adminAccessToken);

    const response = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/legal-documents/acceptances`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send({ acceptances: [{ documentType: terms.documentType, version: terms.version, sha256: 'a'.repeat(64) }] })
      .expect(409);

    expect(response.body.code).toBe('LG-0003');
    expect(response.body.message).toContain('fetch the legal documents again');
  });

  it('rejects a JCA hash read before a processor was linked', async () => {
    const hei = await onboardOrganisation(testApp, { acceptLegalDocuments: false });
    const processor = await onboardProcessor('Stale Hash Printing NV');
    const before = await documentsOf(hei.organisationId, hei.adminAccessToken);

    await testApp.http
      .post(`/api/organisations/${hei.organisationId}/processors`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send({ vatNumber: processor.vatNumber })
      .expect(200);

    const response = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/legal-documents/acceptances`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send({ acceptances: before.map(({ documentType, version, sha256 }) => ({ documentType, version, sha256 })) })
      .expect(409);
    expect(response.body.code).toBe('LG-0003');
    expect(response.body.message).toContain('JOINT_CONTROLLERSHIP_ARRANGEMENT');

    const after = await documentsOf(hei.organisationId, hei.adminAccessToken);
    const jca = after.find((document) => document.documentType === 'JOINT_CONTROLLERSHIP_ARRANGEMENT')!;
    expect(jca.text).toContain('Stale Hash Printing NV');
    expect(jca.text).toContain(processor.vatNumber);
    expect(jca.text).toContain('Rue de la Loi 200, Bruxelles, BE');
    expect(jca.sha256).not.toBe(before[2].sha256);
  });

  it('refuses acceptance by a member or an API token', async () => {
    const hei = await onboardOrganisation(testApp, { acceptLegalDocuments: false });
    const documents = await documentsOf(hei.organisationId, hei.adminAccessToken);
    const acceptances = documents.map(({ documentType, version, sha256 }) => ({ documentType, version, sha256 }));

    const byToken = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/legal-documents/acceptances`)
      .auth(hei.apiToken, { type: 'bearer' })
      .send({ acceptances });

    expect(byToken.status).toBe(403);
  });

  describe('gate', () => {
    const esiOf = (pic: string, suffix: string) => `urn:schac:personalUniqueCode:int:esi:fr:${pic}${suffix}`;

    function cardRequest(pic: string, esi: string) {
      return {
        cardStatusType: 'ACTIVE',
        cardType: 'SMART_PASSIVE',
        displayName: 'Card of Jane',
        expiresAt: '2040-12-31',
        issuedAt: '2030-12-31',
        issuerIdentifier: pic,
        personIdentifier: esi,
      };
    }

    function personRequest(pic: string, esi: string) {
      return {
        identifier: esi,
        identifierCode: 'ESI',
        personOrganisationUpdateViews: [{ organisationIdentifier: pic, fullName: 'Jane Doe', email: 'jane@example.com', academicLevel: 'MASTER' }],
      };
    }

    it('closes every card path until the documents are accepted, but not verification', async () => {
      const hei = await onboardOrganisation(testApp);
      const processor = await onboardProcessor('Gate Processor BV');
      const esi = esiOf(hei.pic, '01');
      await testApp.http.post('/esc-rest/api/v2/persons').auth(hei.apiToken, { type: 'bearer' }).send(personRequest(hei.pic, esi)).expect(201);
      const card = await testApp.http.post('/esc-rest/api/v2/cards').auth(hei.apiToken, { type: 'bearer' }).send(cardRequest(hei.pic, esi)).expect(201);
      const escn = card.body.cardNumber as string;
      await testApp.drainOutbox();

      // Linking a processor changes the JCA, so the gate closes until the new text is accepted.
      await testApp.http
        .post(`/api/organisations/${hei.organisationId}/processors`)
        .auth(hei.adminAccessToken, { type: 'bearer' })
        .send({ vatNumber: processor.vatNumber })
        .expect(200);
      const status = await testApp.http.get(`/api/organisations/${hei.organisationId}`).auth(hei.adminAccessToken, { type: 'bearer' });
      expect(status.body.status).toBe('LEGAL_PENDING');

      const esi2 = esiOf(hei.pic, '02');
      const paths: [string, () => Promise<{ status: number; body: { code?: string } }>][] = [
        ['POST /persons', () => testApp.http.post('/esc-rest/api/v2/persons').auth(hei.apiToken, { type: 'bearer' }).send(personRequest(hei.pic, esi2))],
        ['GET /persons', () => testApp.http.get('/esc-rest/api/v2/persons').auth(hei.apiToken, { type: 'bearer' })],
        ['POST /cards', () => testApp.http.post('/esc-rest/api/v2/cards').auth(hei.apiToken, { type: 'bearer' }).send(cardRequest(hei.pic, esi))],
        ['GET /cards', () => testApp.http.get('/esc-rest/api/v2/cards').auth(hei.apiToken, { type: 'bearer' })],
        ['GET /cards/{escn}', () => testApp.http.get(`/esc-rest/api/v2/cards/${escn}`).auth(hei.apiToken, { type: 'bearer' })],
        ['DELETE /cards/{escn}', () => testApp.http.delete(`/esc-rest/api/v2/cards/${escn}`).auth(hei.apiToken, { type: 'bearer' })],
        ['PUT /cards/{escn}', () =>
          testApp.http.put(`/esc-rest/api/v2/cards/${escn}`).auth(hei.apiToken, { type: 'bearer' }).send(cardRequest(hei.pic, esi))],
        ['POST card-imports (CSV)', () =>
          testApp.http
            .post(`/api/organisations/${hei.organisationId}/card-imports`)
            .query({ operation: 'CREATE' })
            .auth(hei.apiToken, { type: 'bearer' })
            .attach('file', Buffer.from(`${CSV_HEADER}\n${esi2},,${hei.pic},SMART_PASSIVE,ACTIVE,2026-09-01,2030-08-31,Card of Jane,\n`), {
              filename: 'cards.csv',
              contentType: 'text/csv',
            })],
        ['POST /cards by the processor', () =>
          testApp.http.post('/esc-rest/api/v2/cards').auth(processor.apiToken, { type: 'bearer' }).send(cardRequest(hei.pic, esi))],
      ];
      for (const [name, call] of paths) {
        const response = await call();
        expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 403, code: 'LG-0001' });
      }

      // Public verification of the existing card keeps working.
      const verified = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      expect(verified.body.status).toBe('ACTIVE');

      // After accepting the new JCA, the HEI and its processor may act again.
      await acceptAllLegalDocuments(testApp, hei.organisationId, hei.adminAccessToken);
      await testApp.http.get(`/esc-rest/api/v2/cards/${escn}`).auth(hei.apiToken, { type: 'bearer' }).expect(200);
      await testApp.http
        .post('/esc-rest/api/v2/persons')
        .auth(processor.apiToken, { type: 'bearer' })
        .send(personRequest(hei.pic, esi2))
        .expect(201);
    });

    it('refuses acceptance while awaiting vetting', async () => {
      const pic = randomPic();
      const pending = await testApp.http
        .post('/api/organisations')
        .send({ name: 'Pending University', pic, country: 'IT', administrator: { email: `pending-${pic}@example.eu`, password: TEST_PASSWORD } })
        .expect(201);
      const pendingToken = await login(testApp, `pending-${pic}@example.eu`);
      const documents = await testApp.http
        .post(`/api/organisations/${pending.body.id}/legal-documents/acceptances`)
        .auth(pendingToken, { type: 'bearer' })
        .send({ acceptances: [{ documentType: 'TERMS_AND_CONDITIONS', version: 1, sha256: 'b'.repeat(64) }] })
        .expect(403);
      expect(documents.body.code).toBe('LG-0002');
    });
  });
});
