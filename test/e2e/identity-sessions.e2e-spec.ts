import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { IdentityFacade } from '@escr/identity';
import { CredentialRetention, EXPIRED_CREDENTIAL_RETENTION_DAYS } from '@escr/identity/application/credential-retention.js';
import { RateLimiter } from '@escr/identity/application/rate-limiter.js';
import { MutableClock } from '../support/mutable-clock';
import { login, onboardOrganisation, OnboardedOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const JWT_SECRET = randomBytes(32).toString('base64url');
const ISSUER = 'esc-router';
const AUDIENCE = 'esc-router-api';

interface AccessClaims {
  sub: string;
  sid: string;
  role: string;
  org: number | null;
  iat: number;
  exp: number;
  jti: string;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function claimsOf(accessToken: string): AccessClaims {
  return jwt.decode(accessToken) as AccessClaims;
}

/** Signs the claims of a real token again, with the given changes to header, claims or options. */
function resign(
  accessToken: string,
  changes: { claims?: Partial<AccessClaims> & Record<string, unknown>; header?: Record<string, unknown>; options?: jwt.SignOptions; secret?: string } = {},
): string {
  const { iat, exp, ...claims } = claimsOf(accessToken);

  return jwt.sign({ ...claims, iss: ISSUER, aud: AUDIENCE, iat, exp, ...changes.claims }, changes.secret ?? JWT_SECRET, {
    algorithm: 'HS256',
    header: { alg: changes.options?.algorithm ?? 'HS256', typ: 'at+jwt', ...changes.header },
    ...changes.options,
  });
}

describe('identity sessions and access tokens', () => {
  const clock = new MutableClock();
  let testApp: TestApp;
  let organisation: OnboardedOrganisation;
  let opsToken: string;

  beforeAll(async () => {
    testApp = await startTestApp({ clock, env: { JWT_SECRET } });
    organisation = await onboardOrganisation(testApp);
    opsToken = await operationsToken(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Returns the audit entries of one action, newest first, through the operations API. */
  async function auditEntries(action: string): Promise<Record<string, unknown>[]> {
    const response = await testApp.http
      .get('/api/operations/audit-events')
      .query({ action, limit: 500 })
      .auth(await freshOpsToken(), { type: 'bearer' })
      .expect(200);

    return response.body;
  }

  /** Returns a live operations token, logging in again when a clock move expired the previous one. */
  async function freshOpsToken(): Promise<string> {
    const me = await testApp.http.get('/api/auth/me').auth(opsToken, { type: 'bearer' });
    if (me.status !== 200) opsToken = await operationsToken(testApp);

    return opsToken;
  }

  describe('access token format', () => {
    it('puts typ at+jwt in the header and the session in the claims', async () => {
      const token = await login(testApp, organisation.adminEmail);
      const header = jwt.decode(token, { complete: true })!.header;
      expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });

      const claims = claimsOf(token);
      expect(claims).toMatchObject({ role: 'AUTHORISED_PERSON', org: organisation.organisationId, iss: ISSUER, aud: AUDIENCE });
      expect(claims.exp - claims.iat).toBe(900);
      expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('accepts a token re-signed unchanged', async () => {
      const token = await login(testApp, organisation.adminEmail);
      await testApp.http.get('/api/auth/me').auth(resign(token), { type: 'bearer' }).expect(200);
    });
  });

  describe('access token rejections', () => {
    let token: string;

    beforeAll(async () => {
      token = await login(testApp, organisation.adminEmail);
    });

    async function expectRejected(candidate: string): Promise<void> {
      const response = await testApp.http.get('/api/auth/me').auth(candidate, { type: 'bearer' }).expect(401);
      expect(response.body).toEqual({ code: 'SE-0002', message: 'The token is invalid, expired or revoked' });
    }

    it('rejects alg none', async () => {
      const [, payload] = token.split('.');
      await expectRejected(`${base64url({ alg: 'none', typ: 'at+jwt' })}.${payload}.`);
      await expectRejected(`${base64url({ alg: 'none', typ: 'at+jwt' })}.${payload}`);
    });

    it('rejects HS384 and HS512 with the right secret', async () => {
      await expectRejected(resign(token, { options: { algorithm: 'HS384' } }));
      await expectRejected(resign(token, { options: { algorithm: 'HS512' } }));
    });

    it('rejects an RS256 header over an HS256 signature', async () => {
      const [, payload, signature] = token.split('.');
      await expectRejected(`${base64url({ alg: 'RS256', typ: 'at+jwt' })}.${payload}.${signature}`);
    });

    it('rejects another secret and a changed payload', async () => {
      await expectRejected(resign(token, { secret: randomBytes(32).toString('base64url') }));
      const [header, , signature] = token.split('.');
      const elevated = base64url({ ...claimsOf(token), role: 'OPERATIONS', org: null });
      await expectRejected(`${header}.${elevated}.${signature}`);
    });

    it('rejects the wrong audience and issuer', async () => {
      await expectRejected(resign(token, { claims: { aud: 'another-api' } }));
      await expectRejected(resign(token, { claims: { iss: 'another-issuer' } }));
    });

    it('rejects a missing or wrong typ header', async () => {
      await expectRejected(resign(token, { header: { typ: 'JWT' } }));
      await expectRejected(resign(token, { header: { typ: undefined } }));
    });

    it('rejects malformed claims', async () => {
      await expectRejected(resign(token, { claims: { sid: 'not-a-uuid' } }));
      await expectRejected(resign(token, { claims: { role: 'ROOT' } }));
      await expectRejected('not.a.jwt');
    });

    it('rejects an expired token', async () => {
      const fresh = await login(testApp, organisation.adminEmail);
      await testApp.http.get('/api/auth/me').auth(fresh, { type: 'bearer' }).expect(200);

      clock.advance(15 * 60 * 1000 + 1000);
      try {
        await expectRejected(fresh);
      } finally {
        clock.advance(-(15 * 60 * 1000 + 1000));
      }
      const claims = claimsOf(fresh);
      await expectRejected(resign(fresh, { claims: { iat: claims.iat - 3600, exp: claims.iat - 1 } }));
    });
  });

  describe('refresh tokens', () => {
    async function loginFull(): Promise<{ accessToken: string; refreshToken: string }> {
      const response = await testApp.http
        .post('/api/auth/login')
        .send({ email: organisation.adminEmail, password: TEST_PASSWORD })
        .expect(200);
      expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'refreshTokenExpiresAt', 'tokenType']);

      return response.body;
    }

    it('rotates on every use', async () => {
      const first = await loginFull();
      const second = await testApp.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(claimsOf(second.body.accessToken).sid).toBe(claimsOf(first.accessToken).sid);

      const third = await testApp.http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(200);
      await testApp.http.get('/api/auth/me').auth(third.body.accessToken, { type: 'bearer' }).expect(200);
    });

    it('revokes the whole session when a used token comes back', async () => {
      const first = await loginFull();
      const second = await testApp.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);

      const reused = await testApp.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(reused.body.code).toBe('SE-0005');

      const successor = await testApp.http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
      expect(successor.body.code).toBe('SE-0005');
      await testApp.http.get('/api/auth/me').auth(second.body.accessToken, { type: 'bearer' }).expect(401);
      await testApp.http.get('/api/auth/me').auth(first.accessToken, { type: 'bearer' }).expect(401);

      const entries = await auditEntries('session.refresh-token-reused');
      expect(entries[0]).toMatchObject({ subjectId: claimsOf(first.accessToken).sid, organisationId: organisation.organisationId });
    });

    it('leaves other sessions alone when one is revoked', async () => {
      const other = await loginFull();
      const victim = await loginFull();
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(401);

      await testApp.http.get('/api/auth/me').auth(other.accessToken, { type: 'bearer' }).expect(200);
    });

    it('ends the session at logout', async () => {
      const session = await loginFull();
      await testApp.http.post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await testApp.http.get('/api/auth/me').auth(session.accessToken, { type: 'bearer' }).expect(401);
      await testApp.http.post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    });

    it('rejects an unknown refresh token and expires sessions', async () => {
      await testApp.http.post('/api/auth/refresh').send({ refreshToken: 'unknown' }).expect(401);
      await testApp.http.post('/api/auth/refresh').send({}).expect(400);

      const session = await loginFull();
      clock.advance(8 * 3600 * 1000 + 1000);
      try {
        await testApp.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      } finally {
        clock.advance(-(8 * 3600 * 1000 + 1000));
      }
    });
  });

  describe('suspended organisation', () => {
    it('stops every token within one second', async () => {
      const victim = await onboardOrganisation(testApp);
      const session = await testApp.http
        .post('/api/auth/login')
        .send({ email: victim.adminEmail, password: TEST_PASSWORD })
        .expect(200);
      const second = await startTestApp({ clock, env: { JWT_SECRET }, database: testApp.database });
      try {
        await second.http.get('/api/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(200);
        await second.http.get(`/api/organisations/${victim.organisationId}/api-tokens`).auth(victim.apiToken, { type: 'bearer' }).expect(403);

        await testApp.app.get(IdentityFacade).suspendOrganisation(victim.organisationId);
        await new Promise((resolve) => setTimeout(resolve, 1000));

        await second.http.get('/api/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(401);
        await second.http.get(`/api/organisations/${victim.organisationId}/api-tokens`).auth(victim.apiToken, { type: 'bearer' }).expect(401);
        await second.http.post('/api/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
        await second.http.post('/api/auth/login').send({ email: victim.adminEmail, password: TEST_PASSWORD }).expect(401);

        await testApp.app.get(IdentityFacade).reinstateOrganisation(victim.organisationId);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await second.http.get('/api/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(200);
      } finally {
        await second.close();
      }
    });
  });

  describe('failed logins', () => {
    it('answers an unknown e-mail like a wrong password', async () => {
      const wrong = await testApp.http.post('/api/auth/login').send({ email: organisation.adminEmail, password: 'wrong password 123' }).expect(401);
      const unknown = await testApp.http.post('/api/auth/login').send({ email: 'nobody-here@example.eu', password: 'wrong password 123' }).expect(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(unknown.body).toEqual({ code: 'SE-0003', message: 'Invalid e-mail address or password' });
      clock.advance(2000);
    });

    it('takes comparable time for unknown and known e-mail addresses', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const timings = { known: [] as number[], unknown: [] as number[] };
      for (let round = 0; round < 5; round++) {
        for (const [kind, email] of [['known', onboarded.adminEmail], ['unknown', `ghost-${round}@example.eu`]] as const) {
          const started = process.hrtime.bigint();
          await testApp.http.post('/api/auth/login').send({ email, password: 'wrong password 123' }).expect(401);
          timings[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
          clock.advance(16 * 60 * 1000);
        }
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const ratio = median(timings.known) / median(timings.unknown);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });

    it('locks out exponentially up to 15 minutes', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const wrong = { email: onboarded.adminEmail, password: 'wrong password 123' };
      const right = { email: onboarded.adminEmail, password: TEST_PASSWORD };

      await testApp.http.post('/api/auth/login').send(wrong).expect(401);
      await testApp.http.post('/api/auth/login').send(right).expect(401);
      clock.advance(999);
      await testApp.http.post('/api/auth/login').send(right).expect(401);
      clock.advance(1);
      await testApp.http.post('/api/auth/login').send(wrong).expect(401);
      clock.advance(1999);
      await testApp.http.post('/api/auth/login').send(right).expect(401);
      clock.advance(1);
      await testApp.http.post('/api/auth/login').send(right).expect(200);

      const expectedSeconds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900];
      for (const seconds of expectedSeconds) {
        await testApp.http.post('/api/auth/login').send(wrong).expect(401);
        clock.advance(seconds * 1000);
      }
      await testApp.http.post('/api/auth/login').send(right).expect(200);

      const failures = (await auditEntries('login.failed'))
        .filter((entry) => entry.organisationId === onboarded.organisationId)
        .reverse();
      const lockSeconds = failures.map(
        (entry) => (Date.parse((entry.details as { lockedUntil: string }).lockedUntil) - Date.parse(entry.occurredAt as string)) / 1000,
      );
      expect(lockSeconds).toEqual([1, 2, ...expectedSeconds]);

      const lockedOut = (await auditEntries('login.locked-out')).filter((entry) => entry.organisationId === onboarded.organisationId);
      expect(lockedOut).toHaveLength(3);
      expect(lockedOut[0].clientAddress).toMatch(/127\.0\.0\.1/);
    });

    it('counts 13 wrong passwords in an hour of attempts every 20 s', async () => {
      const onboarded = await onboardOrganisation(testApp);
      const wrong = { email: onboarded.adminEmail, password: 'wrong password 123' };
      const start = clock.now().getTime();
      while (clock.now().getTime() - start < 3600 * 1000) {
        await testApp.http.post('/api/auth/login').send(wrong).expect(401);
        clock.advance(20_000);
      }

      const failures = (await auditEntries('login.failed')).filter(
        (entry) => entry.organisationId === onboarded.organisationId && (entry.details as { reason: string }).reason === 'wrong-password',
      );
      expect(failures).toHaveLength(13);
    }, 300_000);
  });

  it('deletes sessions and password resets a month after they expired', async () => {
    const issuedAt = clock.now();
    await testApp.http.post('/api/auth/login').send({ email: organisation.adminEmail, password: TEST_PASSWORD }).expect(200);
    await testApp.http.post('/api/auth/password-reset').set('X-Forwarded-For', '198.51.100.90').send({ email: organisation.adminEmail }).expect(202);
    const retention = testApp.app.get(CredentialRetention);
    const dataSource: DataSource = testApp.app.get(DataSource);
    const unexpiredAtIssue = async (table: string): Promise<number> =>
      (await dataSource.query(`SELECT count(*)::int AS count FROM identity.${table} WHERE expires_at >= $1`, [issuedAt]))[0].count;

    clock.advance(EXPIRED_CREDENTIAL_RETENTION_DAYS * 86_400_000);
    await retention.purgeExpired();
    expect(await unexpiredAtIssue('session')).toBeGreaterThan(0);
    expect(await unexpiredAtIssue('password_reset')).toBeGreaterThan(0);

    clock.advance(86_400_000);
    const purged = await retention.purgeExpired();

    expect(purged.sessions).toBeGreaterThan(0);
    expect(purged.passwordResets).toBeGreaterThan(0);
    expect(await unexpiredAtIssue('session')).toBe(0);
    expect(await unexpiredAtIssue('password_reset')).toBe(0);
  });
});

describe('identity login rate limit', () => {
  const clock = new MutableClock();
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ clock, env: { AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: '60', TRUSTED_PROXIES: 'loopback' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  function attempt(clientAddress: string) {
    return testApp.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', clientAddress)
      .send({ email: 'someone@example.eu', password: 'wrong password 123' });
  }

  it('answers 429 with Retry-After per client address', async () => {
    for (let index = 0; index < 3; index++) await attempt('203.0.113.7').expect(401);
    clock.advance(20_000);
    const limited = await attempt('203.0.113.7').expect(429);
    expect(limited.body).toEqual({ code: 'SE-0429', message: 'Too many attempts from this client address; retry after 40 s' });
    expect(limited.headers['retry-after']).toBe('40');

    await attempt('203.0.113.8').expect(401);

    clock.advance(40_000);
    await attempt('203.0.113.7').expect(401);
  });

  it('counts password resets separately', async () => {
    for (let index = 0; index < 3; index++) {
      await testApp.http.post('/api/auth/password-reset').set('X-Forwarded-For', '198.51.100.1').send({ email: 'x@example.eu' }).expect(202);
    }
    const limited = await testApp.http
      .post('/api/auth/password-reset')
      .set('X-Forwarded-For', '198.51.100.1')
      .send({ email: 'x@example.eu' })
      .expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    await attempt('198.51.100.1').expect(401);
  });

  it('deletes counters of ended windows', async () => {
    await attempt('192.0.2.77').expect(401);
    const limiter = testApp.app.get(RateLimiter);
    expect(await limiter.deleteExpired()).toBe(0);

    clock.advance(61_000);
    expect(await limiter.deleteExpired()).toBeGreaterThan(0);
    await attempt('192.0.2.77').expect(401);
  });

  it('ignores X-Forwarded-For from untrusted clients', async () => {
    const direct = await startTestApp({ clock, env: { AUTH_RATE_LIMIT_MAX: '2' }, database: testApp.database });
    try {
      await direct.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.1').send({ email: 'a@example.eu', password: 'wrong password 123' }).expect(401);
      await direct.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.2').send({ email: 'a@example.eu', password: 'wrong password 123' }).expect(401);
      await direct.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.3').send({ email: 'a@example.eu', password: 'wrong password 123' }).expect(429);
    } finally {
      await direct.close();
    }
  });
});
