import { ProcessorsFacade } from '@escr/processors';
import { acceptAllLegalDocuments, login, onboardOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

let vatCounter = 0;

function randomVatNumber(prefix = 'NL'): string {
  vatCounter += 1;

  return `${prefix}${String(Date.now() % 1e7).padStart(7, '0')}B${String(vatCounter).padStart(2, '0')}`;
}

function registration(vatNumber: string, name = 'Student Cards BV') {
  return {
    name,
    vatNumber,
    country: 'NL',
    address: { streetName: 'Damrak', houseNumber: '1', cityName: 'Amsterdam', country: 'NL' },
    administrator: { email: `admin-${vatNumber.replace(/[^0-9A-Za-z]/g, '').toLowerCase()}@processor.example`, password: TEST_PASSWORD },
  };
}

describe('processors and their links', () => {
  let testApp: TestApp;
  let ops: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SCHEDULER_ENABLED: 'false' } });
    ops = await operationsToken(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function jcaText(organisationId: number, token: string): Promise<string> {
    const documents = await testApp.http.get(`/api/organisations/${organisationId}/legal-documents`).auth(token, { type: 'bearer' }).expect(200);

    return documents.body.find((document: { documentType: string }) => document.documentType === 'JOINT_CONTROLLERSHIP_ARRANGEMENT').text;
  }

  it('registers a processor by itself, which accepts T&C and PS only', async () => {
    const vatNumber = randomVatNumber();
    const body = registration(vatNumber);

    const registered = await testApp.http.post('/api/processors').send(body).expect(201);

    expect(registered.body).toMatchObject({ vatNumber, name: 'Student Cards BV', status: 'PENDING_VETTING' });
    const id = registered.body.organisationId as number;
    await testApp.http.post(`/api/operations/organisations/${id}/vet`).auth(ops, { type: 'bearer' }).expect(200);
    const token = await login(testApp, body.administrator.email);
    const documents = await testApp.http.get(`/api/organisations/${id}/legal-documents`).auth(token, { type: 'bearer' }).expect(200);
    expect(documents.body.map((document: { documentType: string }) => document.documentType)).toEqual(['TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT']);
    await acceptAllLegalDocuments(testApp, id, token);
    const organisation = await testApp.http.get(`/api/organisations/${id}`).auth(token, { type: 'bearer' }).expect(200);
    expect(organisation.body).toMatchObject({ type: 'PROCESSOR', identifier: vatNumber, status: 'ACTIVE' });
  });

  it('normalises the VAT number and rejects duplicates and bad ones', async () => {
    const vatNumber = randomVatNumber();
    const spaced = `${vatNumber.slice(0, 2)} ${vatNumber.slice(2, 6)}.${vatNumber.slice(6)}`;
    const registered = await testApp.http.post('/api/processors').send(registration(spaced)).expect(201);
    expect(registered.body.vatNumber).toBe(vatNumber);

    const duplicate = await testApp.http
      .post('/api/processors')
      .send({ ...registration(vatNumber), administrator: { email: `other-${vatNumber}@processor.example`, password: TEST_PASSWORD } })
      .expect(409);
    expect(duplicate.body.code).toBe('OR-0005');

    const invalid = await testApp.http.post('/api/processors').send(registration('123')).expect(400);
    expect(invalid.body.code).toBe('PR-0001');
    expect(invalid.body.message).toContain('123');
  });

  it('lets an issuer register and link a processor in one step', async () => {
    const hei = await onboardOrganisation(testApp);
    const vatNumber = randomVatNumber('BE');

    const registered = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/processors/registrations`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send(registration(vatNumber, 'Registered By Issuer NV'))
      .expect(201);

    const links = await testApp.http.get(`/api/organisations/${hei.organisationId}/processors`).auth(hei.adminAccessToken, { type: 'bearer' }).expect(200);
    expect(links.body.map((link: { vatNumber: string }) => link.vatNumber)).toEqual([vatNumber]);
    expect(await jcaText(hei.organisationId, hei.adminAccessToken)).toContain(`Registered By Issuer NV, VAT number ${vatNumber}, address: Damrak 1, Amsterdam, NL`);
    expect(await testApp.app.get(ProcessorsFacade).mayActFor(registered.body.organisationId, hei.organisationId)).toBe(true);
  });

  it('links and unlinks, updating the JCA and the mandate each time', async () => {
    const hei = await onboardOrganisation(testApp);
    const first = (await testApp.http.post('/api/processors').send(registration(randomVatNumber(), 'First Processor BV')).expect(201)).body;
    const second = (await testApp.http.post('/api/processors').send(registration(randomVatNumber(), 'Second Processor BV')).expect(201)).body;
    const link = (vatNumber: string) =>
      testApp.http.post(`/api/organisations/${hei.organisationId}/processors`).auth(hei.adminAccessToken, { type: 'bearer' }).send({ vatNumber });

    await link(first.vatNumber).expect(200);
    await link(second.vatNumber).expect(200);
    await link(first.vatNumber).expect(200);

    const both = await jcaText(hei.organisationId, hei.adminAccessToken);
    expect(both.indexOf('First Processor BV')).toBeLessThan(both.indexOf('Second Processor BV'));

    await testApp.http
      .delete(`/api/organisations/${hei.organisationId}/processors/${first.vatNumber}`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .expect(204);

    const after = await jcaText(hei.organisationId, hei.adminAccessToken);
    expect(after).not.toContain('First Processor BV');
    expect(after).toContain('Second Processor BV');
    expect(await testApp.app.get(ProcessorsFacade).mayActFor(first.organisationId, hei.organisationId)).toBe(false);
    expect(await testApp.app.get(ProcessorsFacade).mayActFor(second.organisationId, hei.organisationId)).toBe(true);

    const again = await testApp.http
      .delete(`/api/organisations/${hei.organisationId}/processors/${first.vatNumber}`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .expect(404);
    expect(again.body.code).toBe('PR-0005');
  });

  it('refuses links by API tokens, other organisations and to unknown processors', async () => {
    const hei = await onboardOrganisation(testApp);
    const other = await onboardOrganisation(testApp);
    const processor = (await testApp.http.post('/api/processors').send(registration(randomVatNumber())).expect(201)).body;

    await testApp.http
      .post(`/api/organisations/${hei.organisationId}/processors`)
      .auth(hei.apiToken, { type: 'bearer' })
      .send({ vatNumber: processor.vatNumber })
      .expect(403);
    const foreign = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/processors`)
      .auth(other.adminAccessToken, { type: 'bearer' })
      .send({ vatNumber: processor.vatNumber })
      .expect(403);
    expect(foreign.body.code).toBe('SE-0005');
    const unknown = await testApp.http
      .post(`/api/organisations/${hei.organisationId}/processors`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send({ vatNumber: 'FR99999999999' })
      .expect(404);
    expect(unknown.body.code).toBe('PR-0002');
  });
});
