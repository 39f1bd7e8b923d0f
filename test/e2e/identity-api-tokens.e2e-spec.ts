import { MutableClock } from '../support/mutable-clock';
import { login, onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 3600 * 1000;

describe('identity API tokens', () => {
  const clock = new MutableClock();
  let testApp: TestApp;
  let organisation: OnboardedOrganisation;
  let admin: string;
  let tokensPath: string;

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    organisation = await onboardOrganisation(testApp);
    admin = await login(testApp, organisation.adminEmail);
    tokensPath = `/api/organisations/${organisation.organisationId}/api-tokens`;
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createToken(expiresAt: Date | string, name = 'CMS'): Promise<{ id: string; token: string; expiresAt: string }> {
    const response = await testApp.http.post(tokensPath).auth(admin, { type: 'bearer' }).send({ name, expiresAt }).expect(201);

    return response.body;
  }

  /** Any route that admits the cards scope works as a probe: 401 means the token is not accepted. */
  function probe(token: string, header: 'bearer' | 'api_key' = 'bearer') {
    const request = testApp.http.post('/esc-rest/api/v2/persons');

    return (header === 'bearer' ? request.auth(token, { type: 'bearer' }) : request.set('api_key', token)).send({});
  }

  it('creates and lists a token', async () => {
    const created = await createToken(new Date(clock.now().getTime() + 30 * DAY_MS));
    expect(created.token).toMatch(/^escr_[0-9A-Za-z]{38}$/);

    const listed = await testApp.http.get(tokensPath).auth(admin, { type: 'bearer' }).expect(200);
    const entry = (listed.body as Record<string, unknown>[]).find((token) => token.id === created.id)!;
    expect(entry).toMatchObject({ name: 'CMS', lastUsedAt: null, revokedAt: null, expiresAt: created.expiresAt });
    expect(typeof entry.createdAt).toBe('string');
    expect(JSON.stringify(listed.body)).not.toContain(created.token);
    expect(Object.keys(entry)).not.toContain('token');

    await probe(created.token).expect((response) => expect(response.status).not.toBe(401));
    const afterUse = await testApp.http.get(tokensPath).auth(admin, { type: 'bearer' }).expect(200);
    expect((afterUse.body as Record<string, unknown>[]).find((token) => token.id === created.id)!.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('accepts the token in an api_key header', async () => {
    const created = await createToken(new Date(clock.now().getTime() + DAY_MS));
    await probe(created.token, 'api_key').expect((response) => expect(response.status).not.toBe(401));
  });

  it('limits the expiry to one year ahead', async () => {
    const now = clock.now();
    const oneYear = new Date(now);
    oneYear.setUTCFullYear(oneYear.getUTCFullYear() + 1);
    await createToken(oneYear);

    const tooLate = await testApp.http
      .post(tokensPath)
      .auth(admin, { type: 'bearer' })
      .send({ name: 'CMS', expiresAt: new Date(oneYear.getTime() + 1000).toISOString() })
      .expect(400);
    expect(tooLate.body.code).toBe('ID-0004');
    expect(tooLate.body.message).toContain('expiresAt: must be at most one year ahead');

    const past = await testApp.http.post(tokensPath).auth(admin, { type: 'bearer' }).send({ name: 'CMS', expiresAt: '2001-01-01' }).expect(400);
    expect(past.body.message).toBe('expiresAt: must be in the future');
    const missing = await testApp.http.post(tokensPath).auth(admin, { type: 'bearer' }).send({ expiresAt: oneYear }).expect(400);
    expect(missing.body.message).toContain('name');
  });

  it('stops an expired token with 401', async () => {
    const created = await createToken(new Date(clock.now().getTime() + DAY_MS));
    clock.advance(DAY_MS);
    try {
      const response = await probe(created.token).expect(401);
      expect(response.body.code).toBe('SE-0002');
    } finally {
      clock.advance(-DAY_MS);
    }
  });

  it('revokes a token at once', async () => {
    const created = await createToken(new Date(clock.now().getTime() + DAY_MS));
    await testApp.http.delete(`${tokensPath}/${created.id}`).auth(admin, { type: 'bearer' }).expect(204);
    await probe(created.token).expect(401);
    await testApp.http.delete(`${tokensPath}/${created.id}`).auth(admin, { type: 'bearer' }).expect(204);

    const regenerate = await testApp.http.post(`${tokensPath}/${created.id}/regenerate`).auth(admin, { type: 'bearer' }).expect(404);
    expect(regenerate.body.code).toBe('ID-0003');
  });

  it('regenerates a token: the new secret works and the old one dies', async () => {
    const created = await createToken(new Date(clock.now().getTime() + DAY_MS));
    await probe(created.token).expect((response) => expect(response.status).not.toBe(401));

    const regenerated = await testApp.http.post(`${tokensPath}/${created.id}/regenerate`).auth(admin, { type: 'bearer' }).expect(200);
    expect(regenerated.body.id).toBe(created.id);
    expect(regenerated.body.token).toMatch(/^escr_[0-9A-Za-z]{38}$/);
    expect(regenerated.body.token).not.toBe(created.token);
    expect(regenerated.body.regeneratedAt).toBe(clock.now().toISOString());

    await probe(created.token).expect(401);
    await probe(regenerated.body.token).expect((response) => expect(response.status).not.toBe(401));
  });

  it('answers 401 for missing, unknown and malformed tokens', async () => {
    await probe('').expect(401);
    const unknown = await probe('escr_00000000000000000000000000000000000000').expect(401);
    expect(unknown.body.code).toBe('SE-0002');
    await probe('escr_not-a-token').expect(401);
    await probe('garbage', 'api_key').expect(401);
  });

  it('forbids other routes and organisations', async () => {
    const other = await onboardOrganisation(testApp);
    const ownRoute = await testApp.http.get(tokensPath).auth(organisation.apiToken, { type: 'bearer' }).expect(403);
    expect(ownRoute.body.code).toBe('SE-0000');

    const foreignAdmin = await login(testApp, other.adminEmail);
    const foreign = await testApp.http.get(tokensPath).auth(foreignAdmin, { type: 'bearer' }).expect(403);
    expect(foreign.body.code).toBe('SE-0004');
    const listed = await testApp.http.get(tokensPath).auth(admin, { type: 'bearer' }).expect(200);
    const victimToken = (listed.body as { id: string }[])[0].id;
    await testApp.http.delete(`${tokensPath}/${victimToken}`).auth(foreignAdmin, { type: 'bearer' }).expect(403);
    await testApp.http.delete(`/api/organisations/${other.organisationId}/api-tokens/${victimToken}`).auth(foreignAdmin, { type: 'bearer' }).expect(404);
    await testApp.http.post(`${tokensPath}/${victimToken}/regenerate`).auth(foreignAdmin, { type: 'bearer' }).expect(403);
  });

  it('audits creation, first use, regeneration and revocation without secrets', async () => {
    const created = await createToken(new Date(clock.now().getTime() + DAY_MS), 'audited');
    await probe(created.token);
    await probe(created.token);
    const regenerated = await testApp.http.post(`${tokensPath}/${created.id}/regenerate`).auth(admin, { type: 'bearer' }).expect(200);
    await testApp.http.delete(`${tokensPath}/${created.id}`).auth(admin, { type: 'bearer' }).expect(204);

    const audit = await testApp.http
      .get(`/api/organisations/${organisation.organisationId}/audit-events`)
      .query({ limit: 500 })
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const entries = (audit.body as { action: string; subjectId: string }[]).filter((entry) => entry.subjectId === created.id);
    expect(entries.map((entry) => entry.action)).toEqual(['api-token.revoked', 'api-token.regenerated', 'api-token.first-used', 'api-token.created']);
    expect(JSON.stringify(audit.body)).not.toContain(created.token);
    expect(JSON.stringify(audit.body)).not.toContain(regenerated.body.token);
  });
});
