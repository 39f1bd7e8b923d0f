import { randomInt } from 'node:crypto';
import { IdentityFacade } from '@escr/identity';
import { TestApp } from './test-app';

export const TEST_PASSWORD = 'violet harbour ledger 9271';

export interface OnboardedOrganisation {
  organisationId: number;
  pic: string;
  name: string;
  adminEmail: string;
  /** Access token (JWT) of the authorised person. */
  adminAccessToken: string;
  /** API token with the cards scope. */
  apiToken: string;
}

/** Returns a random 9-digit PIC that does not start with 0. */
export function randomPic(): string {
  return String(randomInt(100_000_000, 999_999_999));
}

/** Logs in and returns the access token, failing the test on any status other than 200. */
export async function login(testApp: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await testApp.http.post('/api/auth/login').send({ email, password }).expect(200);

  return response.body.accessToken as string;
}

/** Creates an operations-staff account (as the operator command does) and returns its access token. */
export async function operationsToken(testApp: TestApp, email = `ops-${randomInt(1e9)}@example.eu`): Promise<string> {
  await testApp.app.get(IdentityFacade).createOperationsUser(email, TEST_PASSWORD);

  return login(testApp, email);
}

export interface OnboardingSteps {
  name?: string;
  pic?: string;
  country?: string;
  /** Stop before accepting the legal documents. */
  acceptLegalDocuments?: boolean;
}

/** Registers, vets and (by default) activates an HEI, then creates an API token for it. */
export async function onboardOrganisation(testApp: TestApp, steps: OnboardingSteps = {}): Promise<OnboardedOrganisation> {
  const pic = steps.pic ?? randomPic();
  const name = steps.name ?? `University ${pic}`;
  const adminEmail = `admin-${pic}@example.eu`;
  const registered = await testApp.http
    .post('/api/organisations')
    .send({ name, pic, country: steps.country ?? 'FR', administrator: { email: adminEmail, password: TEST_PASSWORD } })
    .expect(201);
  const organisationId = registered.body.id as number;

  const ops = await operationsToken(testApp);
  await testApp.http.post(`/api/operations/organisations/${organisationId}/vet`).auth(ops, { type: 'bearer' }).expect(200);

  const adminAccessToken = await login(testApp, adminEmail);
  if (steps.acceptLegalDocuments !== false) await acceptAllLegalDocuments(testApp, organisationId, adminAccessToken);

  const token = await testApp.http
    .post(`/api/organisations/${organisationId}/api-tokens`)
    .auth(adminAccessToken, { type: 'bearer' })
    .send({ name: 'card management system', expiresAt: new Date(Date.now() + 180 * 24 * 3600 * 1000).toISOString() })
    .expect(201);

  return { organisationId, pic, name, adminEmail, adminAccessToken, apiToken: token.body.token as string };
}

/** Accepts the current version of every document the organisation must accept. */
export async function acceptAllLegalDocuments(testApp: TestApp, organisationId: number, adminAccessToken: string): Promise<void> {
  const documents = await testApp.http
    .get(`/api/organisations/${organisationId}/legal-documents`)
    .auth(adminAccessToken, { type: 'bearer' })
    .expect(200);
  const acceptances = (documents.body as { documentType: string; version: number; sha256: string }[]).map((document) => ({
    documentType: document.documentType,
    version: document.version,
    sha256: document.sha256,
  }));
  await testApp.http
    .post(`/api/organisations/${organisationId}/legal-documents/acceptances`)
    .auth(adminAccessToken, { type: 'bearer' })
    .send({ acceptances })
    .expect(200);
}
