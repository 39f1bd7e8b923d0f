import { onboardOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

describe('verification of issuer settings', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { VERIFICATION_ISSUER_REFRESH_SECONDS: '3600' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('follows the display-name opt-in at once', async () => {
    const issuer = await onboardOrganisation(testApp);
    const settings = `/api/organisations/${issuer.organisationId}/settings`;
    await testApp.http.patch(settings).auth(issuer.adminAccessToken, { type: 'bearer' }).send({ publishDisplayName: true }).expect(200);
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}`;
    await testApp.http
      .post('/esc-rest/api/v2/persons')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: issuer.pic }] })
      .expect(201);
    const card = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({
        cardStatusType: 'ACTIVE',
        cardType: 'PASSIVE',
        issuedAt: '2026-09-01',
        expiresAt: '2030-08-31',
        issuerIdentifier: issuer.pic,
        personIdentifier: esi,
        displayName: 'Card of Ada',
      })
      .expect(201);
    const status = `/esc-rest/api/v2/cards/${card.body.cardNumber}/status`;
    await testApp.drainOutbox();
    const published = await testApp.http.get(status).expect(200);
    expect(published.body.displayName).toBe('Card of Ada');

    await testApp.http.patch(settings).auth(issuer.adminAccessToken, { type: 'bearer' }).send({ publishDisplayName: false }).expect(200);
    await testApp.drainOutbox();
    const withdrawn = await testApp.http.get(status).expect(200);
    expect(withdrawn.body.displayName).toBeNull();
  });
});
