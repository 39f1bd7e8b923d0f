import { setTimeout as sleep } from 'node:timers/promises';
import { acceptAllLegalDocuments, login, onboardOrganisation, OnboardedOrganisation, operationsToken, TEST_PASSWORD } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Two router instances on one database, each reusing a passed legal gate for up to
 * ORGANISATION_CACHE_TTL_MS (1000 ms here, the default). A change made through one instance closes the
 * gate there on the next request, and on the other instance within that time.
 */
describe('legal gate cache on two instances', () => {
  const clock = new MutableClock();
  let first: TestApp;
  let second: TestApp;
  let ops: string;
  const versions = { TERMS_AND_CONDITIONS: 1, PRIVACY_STATEMENT: 1, JOINT_CONTROLLERSHIP_ARRANGEMENT: 1 };

  beforeAll(async () => {
    const env = { JWT_SECRET: 'gate-cache-test-secret-shared-by-both-instances-0123456789' };
    first = await startTestApp({ env, clock });
    second = await startTestApp({ env, clock, database: first.database });
    ops = await operationsToken(first);
  });

  afterAll(async () => {
    await second.close();
    await first.close();
    await first.database.drop();
  });

  function listCards(instance: TestApp, organisation: OnboardedOrganisation) {
    return instance.http.get('/esc-rest/api/v2/cards').auth(organisation.apiToken, { type: 'bearer' });
  }

  async function publish(documentType: keyof typeof versions, publishedAt: Date): Promise<void> {
    versions[documentType] += 1;
    await first.http
      .post('/api/operations/legal-documents')
      .auth(ops, { type: 'bearer' })
      .send({
        documentType,
        text: `# ${documentType}, version ${versions[documentType]}\n\n{{organisation.name}} agrees. Processors:\n\n{{processors}}`,
        publishedAt: publishedAt.toISOString(),
        acceptanceDeadline: new Date(publishedAt.getTime() + 30 * DAY_MS).toISOString(),
      })
      .expect(201);
  }

  it('closes at once on a publication here', async () => {
    const hei = await onboardOrganisation(first, { name: 'Same Instance University' });
    await listCards(first, hei).expect(200);
    await listCards(first, hei).expect(200);

    await publish('PRIVACY_STATEMENT', clock.now());

    const gated = await listCards(first, hei).expect(403);
    expect(gated.body.code).toBe('LG-0001');

    await acceptAllLegalDocuments(first, hei.organisationId, await login(first, hei.adminEmail));
    await listCards(first, hei).expect(200);
  });

  it('closes on another instance within the TTL', async () => {
    const hei = await onboardOrganisation(first, { name: 'Other Instance University' });
    await listCards(second, hei).expect(200);

    await publish('TERMS_AND_CONDITIONS', clock.now());
    const published = Date.now();
    await listCards(first, hei).expect(403);

    // The second instance may still use its cached verdict, but only until the entry expires.
    await sleep(Math.max(0, published + second.config.ORGANISATION_CACHE_TTL_MS + 50 - Date.now()));
    const gated = await listCards(second, hei).expect(403);
    expect(gated.body.code).toBe('LG-0001');
  });

  it('closes when a scheduled version becomes current', async () => {
    const hei = await onboardOrganisation(first, { name: 'Scheduled Version University' });
    await publish('JOINT_CONTROLLERSHIP_ARRANGEMENT', new Date(clock.now().getTime() + DAY_MS));
    await listCards(first, hei).expect(200);
    await listCards(first, hei).expect(200);

    clock.advance(DAY_MS + 1000);

    const gated = await listCards(first, hei).expect(403);
    expect(gated.body.code).toBe('LG-0001');
  });

  it('closes at once when a processor is linked', async () => {
    const hei = await onboardOrganisation(first, { name: 'Linking University' });
    await listCards(first, hei).expect(200);
    const vatNumber = `NL${String(Date.now() % 1e7).padStart(7, '0')}B01`;
    await first.http
      .post('/api/processors')
      .send({
        name: 'Gate Cache Processor BV',
        vatNumber,
        country: 'NL',
        address: { streetName: 'Damrak', houseNumber: '1', cityName: 'Amsterdam', country: 'NL' },
        administrator: { email: `admin-${vatNumber.toLowerCase()}@processor.example`, password: TEST_PASSWORD },
      })
      .expect(201);

    await first.http
      .post(`/api/organisations/${hei.organisationId}/processors`)
      .auth(hei.adminAccessToken, { type: 'bearer' })
      .send({ vatNumber })
      .expect(200);

    const gated = await listCards(first, hei).expect(403);
    expect(gated.body.code).toBe('LG-0001');
  });
});
