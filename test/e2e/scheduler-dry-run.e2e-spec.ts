import { MailQueue } from '@escr/kernel';
import { onboardOrganisation, operationsToken } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 3600 * 1000;

describe('acceptance-period dry run and publication rules', () => {
  const clock = new MutableClock();
  let testApp: TestApp;
  let ops: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SCHEDULER_ENABLED: 'false', LEGAL_REMINDER_DAYS: '10,3' }, clock });
    ops = await operationsToken(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function publish(body: Record<string, unknown>) {
    return testApp.http.post('/api/operations/legal-documents').auth(ops, { type: 'bearer' }).send(body);
  }

  it('previews who would be notified without queueing mail', async () => {
    const hei = await onboardOrganisation(testApp, { name: 'Preview University' });
    const deadline = new Date(clock.now().getTime() + 20 * DAY_MS);
    await publish({
      documentType: 'PRIVACY_STATEMENT',
      text: '# Privacy Statement, version 2',
      publishedAt: clock.now().toISOString(),
      acceptanceDeadline: deadline.toISOString(),
    }).expect(201);

    const preview = await testApp.http.get('/api/operations/acceptance-periods/due-notices').auth(ops, { type: 'bearer' }).expect(200);

    expect(preview.body).toEqual([
      expect.objectContaining({
        organisationId: hei.organisationId,
        organisationName: 'Preview University',
        stage: 'ANNOUNCEMENT',
        documentType: 'PRIVACY_STATEMENT',
        version: 2,
        recipients: [hei.adminEmail],
      }),
    ]);
    expect(await testApp.app.get(MailQueue).list()).toEqual([]);

    const run = await testApp.http.post('/api/operations/acceptance-periods/run').auth(ops, { type: 'bearer' }).expect(200);
    expect(run.body).toMatchObject({ ran: true, decided: 1, announcements: 1 });
    const empty = await testApp.http.get('/api/operations/acceptance-periods/due-notices').auth(ops, { type: 'bearer' }).expect(200);
    expect(empty.body).toEqual([]);

    // With LEGAL_REMINDER_DAYS=10,3 the reminders fall 10 and 3 days before the deadline.
    clock.set(new Date(deadline.getTime() - 10 * DAY_MS + 1000));
    const tenDays = await testApp.http.get('/api/operations/acceptance-periods/due-notices').auth(await relogin(), { type: 'bearer' }).expect(200);
    expect(tenDays.body.map((notice: { stage: string }) => notice.stage)).toEqual(['REMINDER_10D']);
    clock.set(new Date(deadline.getTime() - 3 * DAY_MS + 1000));
    const threeDays = await testApp.http.get('/api/operations/acceptance-periods/due-notices').auth(await relogin(), { type: 'bearer' }).expect(200);
    expect(threeDays.body.map((notice: { stage: string }) => notice.stage)).toEqual(['REMINDER_3D']);
    clock.set(deadline);
    const atDeadline = await testApp.http.get('/api/operations/acceptance-periods/due-notices').auth(await relogin(), { type: 'bearer' }).expect(200);
    expect(atDeadline.body.map((notice: { stage: string }) => notice.stage)).toEqual(['DISCONTINUATION']);
  });

  it('rejects a deadline before the publication date', async () => {
    const response = await publish({
      documentType: 'TERMS_AND_CONDITIONS',
      text: '# Terms',
      publishedAt: new Date(clock.now().getTime() + DAY_MS).toISOString(),
      acceptanceDeadline: clock.now().toISOString(),
    }).expect(400);

    expect(response.body.code).toBe('LG-0007');
    expect(response.body.message).toContain('acceptanceDeadline');
  });

  it('rejects an unknown placeholder and an unknown type', async () => {
    const placeholder = await publish({
      documentType: 'JOINT_CONTROLLERSHIP_ARRANGEMENT',
      text: 'Between us and {{organisation.vat}}',
      publishedAt: clock.now().toISOString(),
      acceptanceDeadline: new Date(clock.now().getTime() + 30 * DAY_MS).toISOString(),
    }).expect(400);
    expect(placeholder.body.message).toContain('{{organisation.vat}}');

    const type = await publish({
      documentType: 'COOKIE_POLICY',
      text: 'x',
      publishedAt: clock.now().toISOString(),
      acceptanceDeadline: new Date(clock.now().getTime() + 30 * DAY_MS).toISOString(),
    }).expect(400);
    expect(type.body.code).toBe('ER-0100');
  });

  it('limits the operations routes to operations staff', async () => {
    const hei = await onboardOrganisation(testApp);
    const routes: [string, string][] = [
      ['post', '/api/operations/legal-documents'],
      ['get', '/api/operations/acceptance-periods'],
      ['get', '/api/operations/acceptance-periods/due-notices'],
      ['post', '/api/operations/acceptance-periods/run'],
      ['get', '/api/operations/mail'],
    ];

    for (const [method, path] of routes) {
      const asAdmin = await testApp.http[method as 'get' | 'post'](path).auth(hei.adminAccessToken, { type: 'bearer' });
      const anonymous = await testApp.http[method as 'get' | 'post'](path);

      expect({ path, asAdmin: asAdmin.status, anonymous: anonymous.status }).toEqual({ path, asAdmin: 403, anonymous: 401 });
    }
  });

  async function relogin(): Promise<string> {
    ops = await operationsToken(testApp);

    return ops;
  }
});
