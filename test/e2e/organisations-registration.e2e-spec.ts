import { OutboxDispatcher } from '@escr/kernel';
import { OrganisationSettingsChanged } from '@escr/organisations';
import { onboardOrganisation, operationsToken, randomPic, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

describe('organisation registration and vetting', () => {
  let testApp: TestApp;
  let ops: string;
  const settingsEvents: OrganisationSettingsChanged[] = [];

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SCHEDULER_ENABLED: 'false' } });
    testApp.app.get(OutboxDispatcher).subscribe(OrganisationSettingsChanged, 'test.settings-recorder', async (event) => {
      settingsEvents.push(event);
    });
    ops = await operationsToken(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function register(country: string, extra: Record<string, unknown> = {}) {
    const pic = randomPic();

    return testApp.http
      .post('/api/organisations')
      .send({ name: `Institution ${pic}`, pic, country, administrator: { email: `admin-${pic}@example.eu`, password: TEST_PASSWORD }, ...extra });
  }

  describe('eligibility', () => {
    it.each(['FR', 'DE', 'GR', 'IS', 'LI', 'NO', 'AD', 'MC', 'SM', 'VA'])('accepts %s', async (country) => {
      const response = await register(country).expect(201);

      expect(response.body).toMatchObject({ country, status: 'PENDING_VETTING' });
    });

    it.each(['MK', 'RS', 'TR', 'AL', 'BA', 'XK', 'ME'])('accepts an ECHE holder from %s', async (country) => {
      await register(country, { echeHolder: true }).expect(201);
    });

    it.each(['MK', 'XK'])('rejects %s without the ECHE and names the rule', async (country) => {
      const response = await register(country).expect(422);

      expect(response.body.code).toBe('OR-0001');
      expect(response.body.message).toContain(`country ${country}`);
      expect(response.body.message).toContain('Erasmus Charter for Higher Education');
    });

    it.each(['US', 'GB', 'CH', 'UA'])('rejects %s and names the rule', async (country) => {
      const response = await register(country, { echeHolder: true }).expect(422);

      expect(response.body.code).toBe('OR-0001');
      expect(response.body.message).toContain(`country ${country} is not eligible`);
      expect(response.body.message).toContain('EU');
    });

    it('leaves no organisation or user behind after a rejection', async () => {
      const pic = randomPic();
      await testApp.http
        .post('/api/organisations')
        .send({ name: 'X', pic, country: 'US', administrator: { email: `admin-${pic}@example.eu`, password: TEST_PASSWORD } })
        .expect(422);

      await testApp.http
        .post('/api/organisations')
        .send({ name: 'X', pic, country: 'FR', administrator: { email: `admin-${pic}@example.eu`, password: TEST_PASSWORD } })
        .expect(201);
    });
  });

  describe('vetting', () => {
    it('lists pending registrations for operations staff only', async () => {
      const registered = await register('BE').expect(201);

      const listed = await testApp.http.get('/api/operations/organisations').auth(ops, { type: 'bearer' }).expect(200);
      expect(listed.body.map((organisation: { id: number }) => organisation.id)).toContain(registered.body.id);
      expect(listed.body.every((organisation: { status: string }) => organisation.status === 'PENDING_VETTING')).toBe(true);

      const hei = await onboardOrganisation(testApp);
      await testApp.http.get('/api/operations/organisations').auth(hei.adminAccessToken, { type: 'bearer' }).expect(403);
    });

    it('pages the list with limit and offset, oldest first', async () => {
      await register('NL').expect(201);
      await register('LU').expect(201);
      const list = (query: string) => testApp.http.get(`/api/operations/organisations?status=PENDING_VETTING${query}`).auth(ops, { type: 'bearer' });
      const all = await list('').expect(200);
      const ids = all.body.map((organisation: { id: number }) => organisation.id);
      expect(ids.length).toBeGreaterThanOrEqual(2);

      const second = await list('&limit=1&offset=1').expect(200);
      expect(second.body.map((organisation: { id: number }) => organisation.id)).toEqual(ids.slice(1, 2));

      const tooMany = await list('&limit=1001').expect(400);
      expect(tooMany.body.message).toContain('limit');
      await list('&offset=-1').expect(400);
    });

    it('rejects a registration with a reason and stops its users', async () => {
      const pic = randomPic();
      const email = `rejected-${pic}@example.eu`;
      const registered = await testApp.http
        .post('/api/organisations')
        .send({ name: 'Doubtful College', pic, country: 'PT', administrator: { email, password: TEST_PASSWORD } })
        .expect(201);
      const before = await testApp.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);

      const rejected = await testApp.http
        .post(`/api/operations/organisations/${registered.body.id}/reject`)
        .auth(ops, { type: 'bearer' })
        .send({ reason: 'The PIC belongs to another institution' })
        .expect(200);

      expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'The PIC belongs to another institution' });
      const denied = await testApp.http.get(`/api/organisations/${registered.body.id}`).auth(before.body.accessToken, { type: 'bearer' });
      expect(denied.status).toBe(401);
      const vetAfter = await testApp.http.post(`/api/operations/organisations/${registered.body.id}/vet`).auth(ops, { type: 'bearer' }).expect(409);
      expect(vetAfter.body.code).toBe('OR-0004');
    });

    it('requires a reason to reject', async () => {
      const registered = await register('PL').expect(201);

      const response = await testApp.http
        .post(`/api/operations/organisations/${registered.body.id}/reject`)
        .auth(ops, { type: 'bearer' })
        .send({ reason: '   ' })
        .expect(400);

      expect(response.body.code).toBe('ER-0100');
      expect(response.body.message).toContain('reason');
    });
  });

  describe('settings', () => {
    it('lets the authorised person set the new-logo date and display-name opt-in', async () => {
      const hei = await onboardOrganisation(testApp);

      const updated = await testApp.http
        .patch(`/api/organisations/${hei.organisationId}/settings`)
        .auth(hei.adminAccessToken, { type: 'bearer' })
        .send({ newLogoAt: '2026-09-01', publishDisplayName: true })
        .expect(200);
      await testApp.drainOutbox();

      expect(updated.body).toMatchObject({ newLogoAt: '2026-09-01', publishDisplayName: true });
      const event = settingsEvents.find((candidate) => candidate.payload.organisationId === hei.organisationId);
      expect(event?.payload).toMatchObject({ newLogoAt: '2026-09-01', publishDisplayName: true });
    });

    it('rejects an impossible date and an API token', async () => {
      const hei = await onboardOrganisation(testApp);

      const invalid = await testApp.http
        .patch(`/api/organisations/${hei.organisationId}/settings`)
        .auth(hei.adminAccessToken, { type: 'bearer' })
        .send({ newLogoAt: '2027-02-29' })
        .expect(400);
      expect(invalid.body.message).toContain('newLogoAt');

      await testApp.http
        .patch(`/api/organisations/${hei.organisationId}/settings`)
        .auth(hei.apiToken, { type: 'bearer' })
        .send({ publishDisplayName: true })
        .expect(403);
    });
  });
});
