import { DataSource } from 'typeorm';
import { IssuerRefreshJob } from '@escr/verification/application/issuer-refresh.job.js';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually } from './verification-fixtures';

describe('verification of issuer settings', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { VERIFICATION_ISSUER_REFRESH_SECONDS: '3600' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Creates a cardholder and issues one card with a display name, then delivers its events. */
  async function issueNamedCard(issuer: OnboardedOrganisation, displayName: string, suffix = ''): Promise<string> {
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}${suffix}`;
    await testApp.http
      .post('/esc-rest/api/v2/persons')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: issuer.pic }] })
      .expect(201);
    const card = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ cardStatusType: 'ACTIVE', cardType: 'PASSIVE', issuedAt: '2026-09-01', expiresAt: '2030-08-31', issuerIdentifier: issuer.pic, personIdentifier: esi, displayName })
      .expect(201);
    await testApp.drainOutbox();

    return card.body.cardNumber;
  }

  it('fills the names of earlier cards after an opt-in', async () => {
    const issuer = await onboardOrganisation(testApp);
    const escns = [await issueNamedCard(issuer, 'Card of Grace', '-1'), await issueNamedCard(issuer, 'Card of Alan', '-2')];
    const before = await testApp.http.get(`/esc-rest/api/v2/cards/${escns[0]}/status`).expect(200);
    expect(before.body.displayName).toBeNull();

    await testApp.http
      .patch(`/api/organisations/${issuer.organisationId}/settings`)
      .auth(issuer.adminAccessToken, { type: 'bearer' })
      .send({ publishDisplayName: true })
      .expect(200);
    await testApp.drainOutbox();
    const marker = () =>
      testApp.app.get(DataSource).query('SELECT display_names_after AS after FROM verification.issuer WHERE organisation_id = $1', [issuer.organisationId]);
    expect(await marker()).toEqual([{ after: '' }]);

    const result = await testApp.app.get(IssuerRefreshJob).run();

    expect(result?.displayNamesFilled).toBe(2);
    expect(await marker()).toEqual([{ after: null }]);
    // The status of the first card was cached; the backfill's notification evicts it.
    await eventually(async () => {
      const names = await Promise.all(escns.map(async (escn) => (await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200)).body.displayName));
      expect(names).toEqual(['Card of Grace', 'Card of Alan']);
    });
  });

  it('follows the display-name opt-in at once', async () => {
    const issuer = await onboardOrganisation(testApp);
    const settings = `/api/organisations/${issuer.organisationId}/settings`;
    await testApp.http.patch(settings).auth(issuer.adminAccessToken, { type: 'bearer' }).send({ publishDisplayName: true }).expect(200);
    const escn = await issueNamedCard(issuer, 'Card of Ada');
    const status = `/esc-rest/api/v2/cards/${escn}/status`;
    const published = await testApp.http.get(status).expect(200);
    expect(published.body.displayName).toBe('Card of Ada');

    await testApp.http.patch(settings).auth(issuer.adminAccessToken, { type: 'bearer' }).send({ publishDisplayName: false }).expect(200);
    await testApp.drainOutbox();
    const withdrawn = await testApp.http.get(status).expect(200);
    expect(withdrawn.body.displayName).toBeNull();
  });
});
