import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MutableClock } from '../support/mutable-clock';
import { onboardOrganisation, OnboardedOrganisation, randomPic } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const ESCN_V1_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9]{12}$/;
const GENERATE = '/esc-rest/api/v2/cards/generate-escn';
/** Both instances sign and accept the same access tokens, as a real deployment's instances do. */
const SHARED_JWT_SECRET = randomBytes(48).toString('base64');

async function generate(testApp: TestApp, prefix: number, pic: string, count: number): Promise<string[]> {
  const response = await testApp.http.get(GENERATE).query({ prefix, pic, numberOfESCN: count }).expect(200);

  return response.body as string[];
}

async function registerPerson(testApp: TestApp, organisation: OnboardedOrganisation, esi: string): Promise<void> {
  await testApp.http
    .post('/esc-rest/api/v2/persons')
    .auth(organisation.apiToken, { type: 'bearer' })
    .send({ identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: organisation.pic }] })
    .expect(201);
}

function cardRequest(organisation: OnboardedOrganisation, esi: string, cardNumber: string) {
  return {
    cardNumber,
    cardStatusType: 'ACTIVE',
    cardType: 'PASSIVE',
    issuedAt: '2026-09-01',
    expiresAt: '2030-08-31',
    issuerIdentifier: organisation.pic,
    personIdentifier: esi,
  };
}

describe('ESCN generation and reservation', () => {
  let testApp: TestApp;
  /** A second router instance on the same database, which accepts ESCNs of any PIC (as for migrated cards). */
  let secondInstance: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { JWT_SECRET: SHARED_JWT_SECRET, ESCN_GENERATE_LIMIT_PER_MINUTE: '100000' } });
    secondInstance = await startTestApp({
      database: testApp.database,
      env: { JWT_SECRET: SHARED_JWT_SECRET, ESCN_REQUIRE_ISSUER_PIC: 'false', ESCN_GENERATE_LIMIT_PER_MINUTE: '100000' },
    });
  });

  afterAll(async () => {
    await secondInstance.close();
    await testApp.close();
  });

  it('returns 100 unique numbers per call without credentials', async () => {
    const pic = randomPic();
    const escns = await generate(testApp, 1, pic, 100);

    expect(escns).toHaveLength(100);
    expect(new Set(escns).size).toBe(100);
    for (const escn of escns) {
      expect(escn).toMatch(ESCN_V1_LAYOUT);
      expect(escn.endsWith(`001${pic}`)).toBe(true);
    }
  });

  it('returns one number by default', async () => {
    const response = await testApp.http.get(GENERATE).query({ prefix: 1, pic: randomPic() }).expect(200);

    expect(response.body).toHaveLength(1);
  });

  it('writes prefix 66 and PIC 999859608 into the node', async () => {
    const [escn] = await generate(testApp, 66, '999859608', 1);

    expect(escn.slice(-12)).toBe('066999859608');
  });

  it('returns 20,000 consecutive numbers without duplicates', async () => {
    const pic = randomPic();
    const seen = new Set<string>();
    for (let call = 0; call < 200; call++) {
      for (const escn of await generate(testApp, 1, pic, 100)) seen.add(escn);
    }

    expect(seen.size).toBe(20_000);
  });

  it('never gives two concurrent callers the same number', async () => {
    const pic = randomPic();
    const calls = Array.from({ length: 20 }, (_, index) => generate(index % 2 === 0 ? testApp : secondInstance, 1, pic, 100));
    const results = (await Promise.all(calls)).flat();

    expect(results).toHaveLength(2_000);
    expect(new Set(results).size).toBe(2_000);

    const client = new Client({ connectionString: testApp.database.url });
    await client.connect();
    const stored = await client.query('SELECT count(*)::int AS count FROM cards.escn_reservation WHERE pic = $1', [pic]);
    await client.end();
    expect(stored.rows[0].count).toBe(2_000);
  });

  it.each([
    ['prefix', { prefix: '6666', pic: '999859608' }, 'prefix: must be an integer from 0 to 999'],
    ['prefix', { prefix: '-1', pic: '999859608' }, 'prefix: must be an integer from 0 to 999'],
    ['prefix', { pic: '999859608' }, 'prefix: is required'],
    ['pic', { prefix: '666', pic: 'InvalidPicOfMoreThan9Chars' }, 'pic: must be the PIC of the issuing organisation: exactly 9 digits'],
    ['numberOfESCN', { prefix: '1', pic: '999859608', numberOfESCN: '101' }, 'numberOfESCN: must be an integer from 1 to 100'],
    ['numberOfESCN', { prefix: '1', pic: '999859608', numberOfESCN: '0' }, 'numberOfESCN: must be an integer from 1 to 100'],
    ['numberOfESCN', { prefix: '1', pic: '999859608', numberOfESCN: 'abc' }, 'numberOfESCN: must be an integer from 1 to 100'],
  ])('rejects a bad %s with 400', async (_parameter, query, message) => {
    const response = await testApp.http.get(GENERATE).query(query).expect(400);

    expect(Object.keys(response.body).sort()).toEqual(['code', 'message']);
    expect(response.body.code).toBe('ER-0100');
    expect(response.body.message).toBe(message);
  });

  it('lets the reserving issuer use a number once', async () => {
    const issuer = await onboardOrganisation(testApp);
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}1`;
    await registerPerson(testApp, issuer, esi);
    const [escn] = await generate(testApp, 1, issuer.pic, 1);

    const card = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send(cardRequest(issuer, esi, escn))
      .expect(201);
    expect(card.body.cardNumber).toBe(escn);

    const again = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send(cardRequest(issuer, esi, escn))
      .expect(409);
    expect(again.body.code).toBe('ER-0031');
  });

  it('rejects a number reserved for another issuer with 409', async () => {
    const owner = await onboardOrganisation(secondInstance);
    const other = await onboardOrganisation(secondInstance);
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${other.pic}2`;
    await registerPerson(secondInstance, other, esi);
    const [escn] = await generate(secondInstance, 1, owner.pic, 1);

    const response = await secondInstance.http
      .post('/esc-rest/api/v2/cards')
      .auth(other.apiToken, { type: 'bearer' })
      .send(cardRequest(other, esi, escn))
      .expect(409);
    expect(response.body.code).toBe('ER-0030');
    expect(response.body.message).toContain(owner.pic);

    // With the default configuration the PIC rule rejects the same request earlier, with 400.
    const defaultConfig = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(other.apiToken, { type: 'bearer' })
      .send(cardRequest(other, esi, escn))
      .expect(400);
    expect(defaultConfig.body.message).toContain(`issuer PIC ${other.pic}`);

    // The reservation stays unused, so its owner can still use it.
    const ownerEsi = `urn:schac:personalUniqueCode:int:esi:fr:${owner.pic}3`;
    await registerPerson(secondInstance, owner, ownerEsi);
    await secondInstance.http
      .post('/esc-rest/api/v2/cards')
      .auth(owner.apiToken, { type: 'bearer' })
      .send(cardRequest(owner, ownerEsi, escn))
      .expect(201);
  });

  it('limits the numbers per client address', async () => {
    const clock = new MutableClock();
    const limited = await startTestApp({ database: testApp.database, clock, env: { ESCN_GENERATE_LIMIT_PER_MINUTE: '150' } });
    try {
      const pic = randomPic();
      await limited.http.get(GENERATE).query({ prefix: 1, pic, numberOfESCN: 100 }).expect(200);

      const rejected = await limited.http.get(GENERATE).query({ prefix: 1, pic, numberOfESCN: 100 }).expect(429);
      expect(rejected.body.code).toBe('ER-0429');
      expect(Number(rejected.headers['retry-after'])).toBeGreaterThan(0);
      await limited.http.get(GENERATE).query({ prefix: 1, pic, numberOfESCN: 50 }).expect(200);

      clock.advance(60_000);
      await limited.http.get(GENERATE).query({ prefix: 1, pic, numberOfESCN: 100 }).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('never reserves the ESCN of an existing card', async () => {
    const issuer = await onboardOrganisation(testApp);
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}4`;
    await registerPerson(testApp, issuer, esi);
    const card = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ ...cardRequest(issuer, esi, ''), cardNumber: undefined })
      .expect(201);

    const reserved = await generate(testApp, 1, issuer.pic, 100);
    expect(reserved).not.toContain(card.body.cardNumber);
  });
});
