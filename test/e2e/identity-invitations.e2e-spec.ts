import { MailSender } from '@escr/kernel';
import { MutableClock } from '../support/mutable-clock';
import { login, onboardOrganisation, OnboardedOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_PASSWORD = 'plum orchard velvet compass';

describe('identity invitations, users and password reset', () => {
  const clock = new MutableClock();
  let smtp: SmtpSink;
  let testApp: TestApp;
  let organisation: OnboardedOrganisation;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    testApp = await startTestApp({
      clock,
      env: { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: '60000', PUBLIC_BASE_URL: 'https://router.example.eu' },
    });
    organisation = await onboardOrganisation(testApp);
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  /** Sends queued mail and returns the token of the link in the newest message to the address. */
  async function tokenMailedTo(email: string, page: string): Promise<string> {
    await testApp.app.get(MailSender).flush();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const message = [...smtp.messages].reverse().find((mail) => mail.to && JSON.stringify(mail.to).includes(email));
      if (message) {
        const link = String(message.text).match(new RegExp(`https://router\\.example\\.eu/${page}#token=([A-Za-z0-9_-]+)`));
        expect(link).not.toBeNull();

        return link![1];
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Invites as the organisation's authorised person and checks the status. */
  async function invite(admin: OnboardedOrganisation, email: string, role: string, status = 201) {
    return testApp.http
      .post(`/api/organisations/${admin.organisationId}/invitations`)
      .auth(await login(testApp, admin.adminEmail), { type: 'bearer' })
      .send({ email, role })
      .expect(status);
  }

  async function inviteAndAccept(admin: OnboardedOrganisation, email: string, role: string): Promise<string> {
    await invite(admin, email, role);
    const token = await tokenMailedTo(email, 'invitations/accept');
    const accepted = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(201);

    return accepted.body.userId as string;
  }

  describe('invitations', () => {
    it('invites a member who sets a password through the mailed link', async () => {
      const email = `member-${organisation.pic}@example.eu`;
      const created = await invite(organisation, email, 'MEMBER');
      expect(created.body).toMatchObject({ email, role: 'MEMBER', status: 'PENDING', organisationId: organisation.organisationId });
      expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(72 * 3600 * 1000);
      expect(JSON.stringify(created.body)).not.toMatch(/token/i);

      const token = await tokenMailedTo(email, 'invitations/accept');
      const accepted = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(201);
      expect(accepted.body).toMatchObject({ email, role: 'MEMBER', organisationId: organisation.organisationId });

      const memberToken = await login(testApp, email, NEW_PASSWORD);
      const me = await testApp.http.get('/api/auth/me').auth(memberToken, { type: 'bearer' }).expect(200);
      expect(me.body).toMatchObject({ type: 'user', role: 'MEMBER', organisationId: organisation.organisationId });
      await testApp.http.get(`/api/organisations/${organisation.organisationId}/users`).auth(memberToken, { type: 'bearer' }).expect(403);

      const reused = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(400);
      expect(reused.body.code).toBe('ID-0005');
    });

    it('rejects an invitation after 72 hours', async () => {
      const email = `late-${organisation.pic}@example.eu`;
      await invite(organisation, email, 'AUTHORISED_PERSON');
      const token = await tokenMailedTo(email, 'invitations/accept');

      clock.advance(72 * 3600 * 1000);
      try {
        const expired = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(400);
        expect(expired.body.code).toBe('ID-0005');
      } finally {
        clock.advance(-72 * 3600 * 1000);
      }
      await testApp.http.post('/api/auth/login').send({ email, password: NEW_PASSWORD }).expect(401);
    });

    it('accepts an invitation just before 72 hours', async () => {
      const email = `prompt-${organisation.pic}@example.eu`;
      await invite(organisation, email, 'MEMBER');
      const token = await tokenMailedTo(email, 'invitations/accept');

      clock.advance(72 * 3600 * 1000 - 1000);
      try {
        await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(201);
      } finally {
        clock.advance(-(72 * 3600 * 1000 - 1000));
      }
    });

    it('rejects a common password and keeps the invitation usable', async () => {
      const email = `weak-${organisation.pic}@example.eu`;
      await invite(organisation, email, 'MEMBER');
      const token = await tokenMailedTo(email, 'invitations/accept');

      const common = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: 'password1234' }).expect(400);
      expect(common.body.code).toBe('ID-0002');
      expect(common.body.message).toMatch(/^password: is too easy to guess/);
      const short = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: 'short pass' }).expect(400);
      expect(short.body.message).toBe('password: must be at least 12 characters long');
      const ownAddress = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: email }).expect(400);
      expect(ownAddress.body.code).toBe('ID-0002');

      await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(201);
    });

    it('replaces an earlier invitation and lets the inviter revoke one', async () => {
      const email = `twice-${organisation.pic}@example.eu`;
      await invite(organisation, email, 'MEMBER');
      const first = await tokenMailedTo(email, 'invitations/accept');
      const second = await invite(organisation, email, 'MEMBER');
      const secondToken = await tokenMailedTo(email, 'invitations/accept');
      expect(secondToken).not.toBe(first);

      await testApp.http.post('/api/auth/invitations/accept').send({ token: first, password: NEW_PASSWORD }).expect(400);
      const admin = await login(testApp, organisation.adminEmail);
      await testApp.http
        .delete(`/api/organisations/${organisation.organisationId}/invitations/${second.body.id}`)
        .auth(admin, { type: 'bearer' })
        .expect(204);
      await testApp.http.post('/api/auth/invitations/accept').send({ token: secondToken, password: NEW_PASSWORD }).expect(400);

      const listed = await testApp.http.get(`/api/organisations/${organisation.organisationId}/invitations`).auth(admin, { type: 'bearer' }).expect(200);
      const statuses = (listed.body as { email: string; status: string }[]).filter((row) => row.email === email).map((row) => row.status);
      expect(statuses).toEqual(['REVOKED', 'REVOKED']);
    });

    it('invites a user of a processor', async () => {
      const vatNumber = `NL${String(Date.now() % 1e9).padStart(9, '0')}B01`;
      const processorAdmin = `admin-${vatNumber.toLowerCase()}@processor.example`;
      const registered = await testApp.http
        .post('/api/processors')
        .send({ name: 'Student Cards BV', vatNumber, country: 'NL', administrator: { email: processorAdmin, password: TEST_PASSWORD } })
        .expect(201);
      const processorId = registered.body.organisationId as number;
      await testApp.http.post(`/api/operations/organisations/${processorId}/vet`).auth(await operationsToken(testApp), { type: 'bearer' }).expect(200);

      const email = `operator-${vatNumber.toLowerCase()}@processor.example`;
      await testApp.http
        .post(`/api/organisations/${processorId}/invitations`)
        .auth(await login(testApp, processorAdmin), { type: 'bearer' })
        .send({ email, role: 'MEMBER' })
        .expect(201);
      const token = await tokenMailedTo(email, 'invitations/accept');
      const accepted = await testApp.http.post('/api/auth/invitations/accept').send({ token, password: NEW_PASSWORD }).expect(201);
      expect(accepted.body).toMatchObject({ email, role: 'MEMBER', organisationId: processorId });

      const me = await testApp.http.get('/api/auth/me').auth(await login(testApp, email, NEW_PASSWORD), { type: 'bearer' }).expect(200);
      expect(me.body).toMatchObject({ role: 'MEMBER', organisationId: processorId });
    });

    it('rejects an address that already has an account', async () => {
      const response = await invite(organisation, organisation.adminEmail, 'MEMBER', 409);
      expect(response.body.code).toBe('ID-0001');
    });

    it('rejects an unknown role and OPERATIONS', async () => {
      const response = await invite(organisation, `ops-${organisation.pic}@example.eu`, 'OPERATIONS', 400);
      expect(response.body.message).toContain('role: must be AUTHORISED_PERSON or MEMBER');
    });

    it('forbids inviting into another organisation', async () => {
      const other = await onboardOrganisation(testApp);
      const response = await testApp.http
        .post(`/api/organisations/${other.organisationId}/invitations`)
        .auth(await login(testApp, organisation.adminEmail), { type: 'bearer' })
        .send({ email: `intruder-${other.pic}@example.eu`, role: 'AUTHORISED_PERSON' })
        .expect(403);
      expect(response.body.code).toBe('SE-0004');
    });
  });

  describe('users', () => {
    it('lists, changes roles and keeps one authorised person', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const memberEmail = `second-${onboarded.pic}@example.eu`;
      const memberId = await inviteAndAccept(onboarded, memberEmail, 'MEMBER');
      const admin = await login(testApp, onboarded.adminEmail);
      const path = `/api/organisations/${onboarded.organisationId}/users`;

      const users = await testApp.http.get(path).auth(admin, { type: 'bearer' }).expect(200);
      const roles = (users.body as { email: string; role: string }[]).map((user) => [user.email, user.role]);
      expect(roles).toHaveLength(2);
      expect(roles).toContainEqual([onboarded.adminEmail, 'AUTHORISED_PERSON']);
      expect(roles).toContainEqual([memberEmail, 'MEMBER']);
      const adminId = (users.body as { id: string; email: string }[]).find((user) => user.email === onboarded.adminEmail)!.id;

      const last = await testApp.http.put(`${path}/${adminId}/role`).auth(admin, { type: 'bearer' }).send({ role: 'MEMBER' }).expect(409);
      expect(last.body.code).toBe('ID-0008');
      const disableLast = await testApp.http.post(`${path}/${adminId}/disable`).auth(admin, { type: 'bearer' }).expect(409);
      expect(disableLast.body.code).toBe('ID-0008');

      const memberSession = await login(testApp, memberEmail, NEW_PASSWORD);
      const promoted = await testApp.http.put(`${path}/${memberId}/role`).auth(admin, { type: 'bearer' }).send({ role: 'AUTHORISED_PERSON' }).expect(200);
      expect(promoted.body.role).toBe('AUTHORISED_PERSON');
      await testApp.http.get('/api/auth/me').auth(memberSession, { type: 'bearer' }).expect(401);

      const promotedToken = await login(testApp, memberEmail, NEW_PASSWORD);
      await testApp.http.get(path).auth(promotedToken, { type: 'bearer' }).expect(200);
      await testApp.http.put(`${path}/${adminId}/role`).auth(admin, { type: 'bearer' }).send({ role: 'MEMBER' }).expect(200);
      await testApp.http.get(path).auth(admin, { type: 'bearer' }).expect(401);

      const audit = await testApp.http
        .get(`/api/organisations/${onboarded.organisationId}/audit-events`)
        .query({ action: 'user.role-changed' })
        .auth(promotedToken, { type: 'bearer' })
        .expect(200);
      expect(audit.body.map((entry: { details: unknown }) => entry.details)).toEqual([
        { from: 'AUTHORISED_PERSON', to: 'MEMBER' },
        { from: 'MEMBER', to: 'AUTHORISED_PERSON' },
      ]);
    });

    it('disables and enables users', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const memberEmail = `disabled-${onboarded.pic}@example.eu`;
      const memberId = await inviteAndAccept(onboarded, memberEmail, 'MEMBER');
      const path = `/api/organisations/${onboarded.organisationId}/users/${memberId}`;
      const memberSession = await testApp.http.post('/api/auth/login').send({ email: memberEmail, password: NEW_PASSWORD }).expect(200);
      const memberToken = memberSession.body.accessToken as string;
      await testApp.http.get('/api/auth/me').auth(memberToken, { type: 'bearer' }).expect(200);

      const ops = await operationsToken(testApp);
      const listed = await testApp.http.get(`/api/organisations/${onboarded.organisationId}/users`).auth(ops, { type: 'bearer' }).expect(200);
      expect(listed.body).toHaveLength(2);
      const disabled = await testApp.http.post(`${path}/disable`).auth(ops, { type: 'bearer' }).expect(200);
      expect(disabled.body.status).toBe('DISABLED');
      await testApp.http.get('/api/auth/me').auth(memberToken, { type: 'bearer' }).expect(401);
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: memberSession.body.refreshToken }).expect(401);
      await testApp.http.post('/api/auth/login').send({ email: memberEmail, password: NEW_PASSWORD }).expect(401);

      const admin = await login(testApp, onboarded.adminEmail);
      await testApp.http.post(`${path}/enable`).auth(admin, { type: 'bearer' }).expect(200);
      await login(testApp, memberEmail, NEW_PASSWORD);

      const other = await onboardOrganisation(testApp);
      const foreign = await testApp.http.post(`${path}/disable`).auth(await login(testApp, other.adminEmail), { type: 'bearer' }).expect(403);
      expect(foreign.body.code).toBe('SE-0004');
      await testApp.http.post(`${path}/disable`).auth(other.apiToken, { type: 'bearer' }).expect(403);

      const unknownUser = await testApp.http
        .post(`/api/organisations/${onboarded.organisationId}/users/00000000-0000-4000-8000-000000000000/disable`)
        .auth(admin, { type: 'bearer' })
        .expect(404);
      expect(unknownUser.body.code).toBe('ID-0007');
    });
    it('stops API tokens of a disabled creator', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const creatorEmail = `token-owner-${onboarded.pic}@example.eu`;
      const creatorId = await inviteAndAccept(onboarded, creatorEmail, 'AUTHORISED_PERSON');
      const creator = await login(testApp, creatorEmail, NEW_PASSWORD);
      const tokens = `/api/organisations/${onboarded.organisationId}/api-tokens`;
      const created = await testApp.http
        .post(tokens)
        .auth(creator, { type: 'bearer' })
        .send({ name: 'owned by the creator', expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() })
        .expect(201);
      const secret = created.body.token as string;
      await testApp.http.get('/esc-rest/api/v2/persons').auth(secret, { type: 'bearer' }).expect(200);

      const admin = await login(testApp, onboarded.adminEmail);
      await testApp.http.post(`/api/organisations/${onboarded.organisationId}/users/${creatorId}/disable`).auth(admin, { type: 'bearer' }).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await testApp.http.get('/esc-rest/api/v2/persons').auth(secret, { type: 'bearer' }).expect(401);

      const regenerated = await testApp.http.post(`${tokens}/${created.body.id}/regenerate`).auth(admin, { type: 'bearer' }).expect(200);
      await testApp.http.get('/esc-rest/api/v2/persons').auth(regenerated.body.token, { type: 'bearer' }).expect(200);
      await testApp.http.get('/esc-rest/api/v2/persons').auth(onboarded.apiToken, { type: 'bearer' }).expect(200);
    });
  });

  describe('password reset', () => {
    it('resets the password and ends sessions', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const session = await testApp.http.post('/api/auth/login').send({ email: onboarded.adminEmail, password: TEST_PASSWORD }).expect(200);

      const known = await testApp.http.post('/api/auth/password-reset').send({ email: onboarded.adminEmail }).expect(202);
      const unknown = await testApp.http.post('/api/auth/password-reset').send({ email: `nobody-${onboarded.pic}@example.eu` }).expect(202);
      expect(unknown.body).toEqual(known.body);

      const token = await tokenMailedTo(onboarded.adminEmail, 'password-reset');
      await testApp.http.post('/api/auth/password-reset/complete').send({ token, password: NEW_PASSWORD }).expect(204);

      await testApp.http.get('/api/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(401);
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
      await testApp.http.post('/api/auth/login').send({ email: onboarded.adminEmail, password: TEST_PASSWORD }).expect(401);
      clock.advance(1000);
      await login(testApp, onboarded.adminEmail, NEW_PASSWORD);

      const reused = await testApp.http.post('/api/auth/password-reset/complete').send({ token, password: 'another fine passphrase 7' }).expect(400);
      expect(reused.body.code).toBe('ID-0006');
    });

    it('rejects expired and superseded reset links', async () => {
      const onboarded = await onboardOrganisation(testApp);
      await testApp.http.post('/api/auth/password-reset').send({ email: onboarded.adminEmail }).expect(202);
      const older = await tokenMailedTo(onboarded.adminEmail, 'password-reset');
      await testApp.http.post('/api/auth/password-reset').send({ email: onboarded.adminEmail }).expect(202);
      const newer = await tokenMailedTo(onboarded.adminEmail, 'password-reset');
      expect(newer).not.toBe(older);
      await testApp.http.post('/api/auth/password-reset/complete').send({ token: older, password: NEW_PASSWORD }).expect(400);

      clock.advance(30 * 60 * 1000);
      try {
        const expired = await testApp.http.post('/api/auth/password-reset/complete').send({ token: newer, password: NEW_PASSWORD }).expect(400);
        expect(expired.body.code).toBe('ID-0006');
      } finally {
        clock.advance(-30 * 60 * 1000);
      }
      await login(testApp, onboarded.adminEmail);
    });

    it('rejects a weak new password and keeps the link usable', async () => {
      const onboarded = await onboardOrganisation(testApp);
      await testApp.http.post('/api/auth/password-reset').send({ email: onboarded.adminEmail }).expect(202);
      const token = await tokenMailedTo(onboarded.adminEmail, 'password-reset');
      const weak = await testApp.http.post('/api/auth/password-reset/complete').send({ token, password: 'qwertyuiopasdf' }).expect(400);
      expect(weak.body.code).toBe('ID-0002');
      await testApp.http.post('/api/auth/password-reset/complete').send({ token, password: NEW_PASSWORD }).expect(204);
    });
  });

  describe('audit log', () => {
    it('scopes the audit log by role', async () => {
      const first = await onboardOrganisation(testApp);
      const second = await onboardOrganisation(testApp);
      await testApp.http.post('/esc-rest/api/v2/persons').auth(first.apiToken, { type: 'bearer' }).send({});
      await inviteAndAccept(first, `audited-${first.pic}@example.eu`, 'MEMBER');

      const admin = await login(testApp, first.adminEmail);
      const own = await testApp.http.get(`/api/organisations/${first.organisationId}/audit-events`).auth(admin, { type: 'bearer' }).expect(200);
      const actions = new Set((own.body as { action: string }[]).map((entry) => entry.action));
      for (const action of ['login.succeeded', 'api-token.created', 'api-token.first-used', 'invitation.created', 'invitation.accepted']) {
        expect(actions).toContain(action);
      }
      expect((own.body as { organisationId: number }[]).every((entry) => entry.organisationId === first.organisationId)).toBe(true);
      const loginEntry = (own.body as { action: string; clientAddress: string; actorUserId: string }[]).find((entry) => entry.action === 'login.succeeded')!;
      expect(loginEntry.clientAddress).toMatch(/127\.0\.0\.1/);
      expect(loginEntry.actorUserId).toMatch(/^[0-9a-f-]{36}$/);

      const serialised = JSON.stringify(own.body);
      expect(serialised).not.toContain(first.apiToken);
      expect(serialised).not.toContain(TEST_PASSWORD);
      expect(serialised).not.toContain(NEW_PASSWORD);

      await testApp.http.get(`/api/organisations/${second.organisationId}/audit-events`).auth(admin, { type: 'bearer' }).expect(403);
      await testApp.http.get('/api/operations/audit-events').auth(admin, { type: 'bearer' }).expect(403);

      const ops = await operationsToken(testApp);
      const all = await testApp.http.get('/api/operations/audit-events').query({ limit: 500 }).auth(ops, { type: 'bearer' }).expect(200);
      const organisations = new Set((all.body as { organisationId: number }[]).map((entry) => entry.organisationId));
      expect(organisations).toContain(first.organisationId);
      expect(organisations).toContain(second.organisationId);
      const filtered = await testApp.http
        .get('/api/operations/audit-events')
        .query({ organisationId: second.organisationId })
        .auth(ops, { type: 'bearer' })
        .expect(200);
      expect((filtered.body as { organisationId: number }[]).every((entry) => entry.organisationId === second.organisationId)).toBe(true);
      const page = await testApp.http
        .get('/api/operations/audit-events')
        .query({ limit: 2, before: all.body[0].id })
        .auth(ops, { type: 'bearer' })
        .expect(200);
      expect(page.body.map((entry: { id: string }) => entry.id)).toEqual([all.body[1].id, all.body[2].id]);

      const badQuery = await testApp.http.get('/api/operations/audit-events').query({ limit: 0 }).auth(ops, { type: 'bearer' }).expect(400);
      expect(badQuery.body.code).toBe('ER-0100');
    });
  });
});
