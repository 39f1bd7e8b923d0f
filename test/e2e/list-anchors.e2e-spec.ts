import { DataSource } from 'typeorm';
import { SHARED_ANCHOR_MIN_OFFSET } from '@escr/cards/application/page-anchor-store.js';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const V2 = '/esc-rest/api/v2';
const SIZE = 100;
const PERSONS = SHARED_ANCHOR_MIN_OFFSET + 3 * SIZE;

describe('list page anchors across instances', () => {
  let first: TestApp;
  let second: TestApp;
  let issuer: OnboardedOrganisation;
  let dataSource: DataSource;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ database: first.database });
    issuer = await onboardOrganisation(first);
    dataSource = first.app.get(DataSource);
    // One link a second apart, so the createdAt order is the insertion order.
    await dataSource.query(
      `WITH people AS (
         INSERT INTO cards.person (esi, esi_key)
         SELECT 'urn:schac:personalUniqueCode:int:esi:fr:' || $1 || '-' || n, 'urn:schac:personaluniquecode:int:esi:fr:' || $1 || '-' || n
           FROM generate_series(1, $2::integer) AS n
         RETURNING id, esi_key)
       INSERT INTO cards.person_link (person_id, organisation_id, full_name, esi_key, created_at)
       SELECT id, $3, 'Listed Student', esi_key, timestamptz '2026-01-01' + make_interval(secs => split_part(esi_key, '-', 2)::integer)
         FROM people`,
      [issuer.pic, PERSONS, issuer.organisationId],
    );
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  function pageOf(testApp: TestApp, page: number) {
    return testApp.http
      .get(`${V2}/persons?sort=createdAt&direction=ASC&size=${SIZE}&page=${page}`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .expect(200);
  }

  const identifiers = (response: { body: { content: { identifier: string }[] } }) => response.body.content.map((person) => person.identifier);

  it('seeks the next page on another instance from where the previous page ended', async () => {
    const page = SHARED_ANCHOR_MIN_OFFSET / SIZE - 1;
    const before = identifiers(await pageOf(first, page));
    expect(before).toHaveLength(SIZE);

    // A link dated before all others moves every OFFSET position by one; a seek is not affected.
    await dataSource.query(
      `WITH person AS (
         INSERT INTO cards.person (esi, esi_key) VALUES ('urn:schac:personalUniqueCode:int:esi:fr:early', 'urn:schac:personaluniquecode:int:esi:fr:early')
         RETURNING id, esi_key)
       INSERT INTO cards.person_link (person_id, organisation_id, full_name, esi_key, created_at)
       SELECT id, $1, 'Early Student', esi_key, timestamptz '2025-01-01' FROM person`,
      [issuer.organisationId],
    );

    const after = identifiers(await pageOf(second, page + 1));
    expect(after[0]).toBe(`urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}-${(page + 1) * SIZE + 1}`);
    expect(after).not.toContain(before.at(-1));
  });

  it('starts a jump from the nearest shared anchor before it', async () => {
    const page = SHARED_ANCHOR_MIN_OFFSET / SIZE + 2;
    const response = await pageOf(second, page);

    // Page 10 ended at row 1 100 of the original order, so page 12 starts at row 1 201; OFFSET would
    // count the early link and start it at row 1 200.
    expect(identifiers(response)[0]).toBe(`urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}-${page * SIZE + 1}`);
  });

  it('reads a page with OFFSET when no anchor lies before it', async () => {
    // Another page size is another list, which no client has paged through.
    const response = await second.http
      .get(`${V2}/persons?sort=createdAt&direction=ASC&size=50&page=25`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .expect(200);

    expect(identifiers(response)[0]).toBe(`urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}-1250`);
  });

  it('shares only anchors far enough into the list', async () => {
    await pageOf(first, 0);
    const [{ pages }] = await dataSource.query('SELECT array_agg(page ORDER BY page) AS pages FROM cards.page_anchor');
    // Pages 9, 10 and 12 of 100 and page 25 of 50 were served above; page 0 stays in the instance's memory.
    const shared = SHARED_ANCHOR_MIN_OFFSET / SIZE;
    expect(pages).toEqual([shared - 1, shared, shared + 2, 25]);
  });
});
