import { ParsedMail } from 'mailparser';
import { MailQueue } from '@escr/kernel';
import { acceptAllLegalDocuments, login, onboardOrganisation, OnboardedOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 3600 * 1000;
const OPS_EMAIL = 'ops-scheduler@example.eu';

function recipientOf(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;

  return to?.value[0]?.address ?? '';
}

/**
 * Two router instances on one database, with their schedulers on and a shared test clock, go through a
 * whole acceptance period: announcement, the four reminders, discontinuation at the deadline, and
 * reinstatement. Every run is also started on both instances at once, so each notice is decided by
 * whichever wins and must still reach each recipient exactly once.
 */
describe('acceptance periods on two instances', () => {
  const clock = new MutableClock();
  let smtp: SmtpSink;
  let first: TestApp;
  let second: TestApp;
  let keeper: OnboardedOrganisation;
  let laggard: OnboardedOrganisation;
  let processorAdmin: string;
  let processorId: number;
  let deadline: Date;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const env = {
      SMTP_URL: smtp.url,
      MAIL_POLL_INTERVAL_MS: '100',
      SCHEDULER_ENABLED: 'true',
      LEGAL_JOB_INTERVAL_MS: '150',
      JWT_SECRET: 'scheduler-test-secret-shared-by-both-instances-0123456789',
    };
    first = await startTestApp({ env, clock });
    second = await startTestApp({ env, clock, database: first.database });
    await operationsToken(first, OPS_EMAIL);

    keeper = await onboardOrganisation(first, { name: 'Keeper University' });
    laggard = await onboardOrganisation(first, { name: 'Laggard University' });
    processorAdmin = 'admin@scheduler-processor.example';
    const processor = await first.http
      .post('/api/processors')
      .send({ name: 'Scheduler Processor SA', vatNumber: 'LU12345678', country: 'LU', administrator: { email: processorAdmin, password: TEST_PASSWORD } })
      .expect(201);
    processorId = processor.body.organisationId;
    await first.http.post(`/api/operations/organisations/${processorId}/vet`).auth(await opsToken(), { type: 'bearer' }).expect(200);
    await acceptAllLegalDocuments(first, processorId, await login(first, processorAdmin));
  });

  afterAll(async () => {
    await second.close();
    await first.close();
    await first.database.drop();
    await smtp.close();
  });

  /** Logs operations staff in again, because the test clock moves past access-token lifetimes. */
  function opsToken(): Promise<string> {
    return login(first, OPS_EMAIL);
  }

  /**
   * Runs the job on both instances at once until a run finds nothing left to decide, so the decisions of a
   * scheduler tick that held the lock meanwhile have committed, then waits until every queued message left.
   */
  async function runEverywhere(): Promise<void> {
    const token = await opsToken();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const results = await Promise.all(
        [first, second].map((instance) => instance.http.post('/api/operations/acceptance-periods/run').auth(token, { type: 'bearer' }).expect(200)),
      );
      if (results.some((result) => result.body.ran && result.body.decided === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await settleMail();
  }

  async function settleMail(): Promise<void> {
    const queue = first.app.get(MailQueue);
    const deadlineAt = Date.now() + 15_000;
    for (;;) {
      const unsent = [...(await queue.list({ status: 'PENDING' })), ...(await queue.list({ status: 'SENDING' }))];
      const sent = await queue.list({ status: 'SENT', limit: 1000 });
      if (unsent.length === 0 && smtp.messages.length >= sent.length) return;
      if (Date.now() > deadlineAt) throw new Error(`mail did not settle: ${unsent.length} unsent`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  function mailsTo(address: string, subjectPart: string): ParsedMail[] {
    return smtp.messages.filter((mail) => recipientOf(mail) === address && (mail.subject ?? '').includes(subjectPart));
  }

  async function acceptAs(organisationId: number, email: string): Promise<void> {
    await acceptAllLegalDocuments(first, organisationId, await login(first, email));
  }

  it('announces a new version to every affected organisation', async () => {
    deadline = new Date(clock.now().getTime() + 40 * DAY_MS);
    const published = await first.http
      .post('/api/operations/legal-documents')
      .auth(await opsToken(), { type: 'bearer' })
      .send({
        documentType: 'TERMS_AND_CONDITIONS',
        text: '# Terms and Conditions, version 2\n\n{{organisation.name}} agrees to the updated terms.',
        publishedAt: clock.now().toISOString(),
        acceptanceDeadline: deadline.toISOString(),
      })
      .expect(201);
    expect(published.body).toMatchObject({ documentType: 'TERMS_AND_CONDITIONS', version: 2, state: 'OPEN' });

    await runEverywhere();

    for (const address of [keeper.adminEmail, laggard.adminEmail, processorAdmin]) {
      const announcements = mailsTo(address, 'Terms and Conditions version 2: accept it by');
      expect({ address, count: announcements.length }).toEqual({ address, count: 1 });
    }
    const announcement = mailsTo(keeper.adminEmail, 'version 2: accept it by')[0];
    expect(announcement.text).toContain('Keeper University agrees to the updated terms.');
    expect(announcement.text).toContain(`/api/organisations/${keeper.organisationId}/legal-documents`);
    const gated = await first.http.get('/esc-rest/api/v2/cards').auth(keeper.apiToken, { type: 'bearer' }).expect(403);
    expect(gated.body.code).toBe('LG-0001');
  });

  it('sends each reminder once, only to organisations that have not accepted', async () => {
    clock.set(new Date(deadline.getTime() - 30 * DAY_MS + 3600 * 1000));
    await runEverywhere();
    for (const address of [keeper.adminEmail, laggard.adminEmail, processorAdmin]) {
      expect(mailsTo(address, 'within 30 days')).toHaveLength(1);
    }

    await acceptAs(keeper.organisationId, keeper.adminEmail);
    clock.set(new Date(deadline.getTime() - 14 * DAY_MS + 60_000));
    await runEverywhere();
    expect(mailsTo(keeper.adminEmail, 'within 14 days')).toHaveLength(0);
    expect(mailsTo(laggard.adminEmail, 'within 14 days')).toHaveLength(1);
    expect(mailsTo(processorAdmin, 'within 14 days')).toHaveLength(1);

    await acceptAs(processorId, processorAdmin);
    for (const days of [7, 1]) {
      clock.set(new Date(deadline.getTime() - days * DAY_MS + 60_000));
      await runEverywhere();
      await runEverywhere();
      expect(mailsTo(laggard.adminEmail, `within ${days} day`)).toHaveLength(1);
      expect(mailsTo(processorAdmin, `within ${days} day`)).toHaveLength(0);
    }

    const periods = await first.http.get('/api/operations/acceptance-periods').auth(await opsToken(), { type: 'bearer' }).expect(200);
    expect(periods.body[0].notices).toEqual({ ANNOUNCEMENT: 3, REMINDER_30D: 3, REMINDER_14D: 2, REMINDER_7D: 1, REMINDER_1D: 1 });
    const reminders = await first.http.get('/api/operations/mail?category=legal-reminder').auth(await opsToken(), { type: 'bearer' }).expect(200);
    expect(reminders.body).toHaveLength(7);
    expect(reminders.body.every((mail: { status: string }) => mail.status === 'SENT')).toBe(true);
  });

  it('discontinues at the deadline and stops its tokens within a second', async () => {
    const cardsBefore = await first.http.get('/esc-rest/api/v2/cards').auth(laggard.apiToken, { type: 'bearer' });
    expect(cardsBefore.status).toBe(403);
    clock.set(new Date(deadline.getTime() + 60_000));

    const run = await first.http.post('/api/operations/acceptance-periods/run').auth(await opsToken(), { type: 'bearer' }).expect(200);
    const discontinuedAt = Date.now();

    // The scheduler tick of either instance may have won the lock, so the run itself may have found nothing left.
    expect(run.body.ran === false || run.body.discontinuations <= 1).toBe(true);
    for (const instance of [first, second]) {
      for (;;) {
        const response = await instance.http.get('/esc-rest/api/v2/cards').auth(laggard.apiToken, { type: 'bearer' });
        if (response.status === 401) break;
        expect(Date.now() - discontinuedAt).toBeLessThan(1000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await settleMail();

    const laggardView = await first.http.get(`/api/organisations/${laggard.organisationId}`).auth(await opsToken(), { type: 'bearer' }).expect(200);
    expect(laggardView.body.status).toBe('DISCONTINUED');
    const notice = mailsTo(laggard.adminEmail, 'is discontinued');
    expect(notice).toHaveLength(1);
    expect(notice[0].text).toContain('ask the operations staff of the router to reinstate');
    await first.http.post('/api/auth/login').send({ email: laggard.adminEmail, password: TEST_PASSWORD }).expect(401);

    const keeperView = await first.http.get(`/api/organisations/${keeper.organisationId}`).auth(await opsToken(), { type: 'bearer' }).expect(200);
    expect(keeperView.body.status).toBe('ACTIVE');
    await first.http.get('/esc-rest/api/v2/cards').auth(keeper.apiToken, { type: 'bearer' }).expect(200);
  });

  it('reinstates an organisation, which must accept every document again', async () => {
    const reinstated = await first.http
      .post(`/api/operations/organisations/${laggard.organisationId}/reinstate`)
      .auth(await opsToken(), { type: 'bearer' })
      .expect(200);
    expect(reinstated.body.status).toBe('LEGAL_PENDING');

    const token = await login(first, laggard.adminEmail);
    const documents = await first.http.get(`/api/organisations/${laggard.organisationId}/legal-documents`).auth(token, { type: 'bearer' }).expect(200);
    expect(documents.body.map((document: { accepted: boolean }) => document.accepted)).toEqual([false, false, false]);
    const gated = await first.http.get('/esc-rest/api/v2/cards').auth(laggard.apiToken, { type: 'bearer' }).expect(403);
    expect(gated.body.code).toBe('LG-0001');

    // The closed period no longer applies to it: a run after reinstatement does not discontinue it again.
    await runEverywhere();
    const still = await first.http.get(`/api/organisations/${laggard.organisationId}`).auth(await opsToken(), { type: 'bearer' }).expect(200);
    expect(still.body.status).toBe('LEGAL_PENDING');

    await acceptAllLegalDocuments(first, laggard.organisationId, token);
    await first.http.get('/esc-rest/api/v2/cards').auth(laggard.apiToken, { type: 'bearer' }).expect(200);
    expect(mailsTo(laggard.adminEmail, 'is discontinued')).toHaveLength(1);
  });
});
