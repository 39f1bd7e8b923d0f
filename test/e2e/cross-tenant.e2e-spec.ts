import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy } from '@escr/kernel';
import { login, onboardOrganisation, OnboardedOrganisation, randomPic } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

interface AuthenticatedRoute {
  method: string;
  path: string;
}

interface Victim extends OnboardedOrganisation {
  esi: string;
  escn: string;
  adminUserId: string;
  apiTokenId: string;
  invitationId: string;
}

/** Values that only the victim's data contains: a response carrying one of them leaked victim data. */
const VICTIM_PERSON_NAME = 'Victoria Victimsdottir';
const VICTIM_PERSON_EMAIL = 'victoria.victimsdottir@victim.example';
const VICTIM_CARD_NAME = 'Card of Victoria Victimsdottir';
const VICTIM_INVITEE = 'invitee@victim.example';

/** Lists every route of the running application that requires credentials. */
function authenticatedRoutes(testApp: TestApp): AuthenticatedRoute[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: AuthenticatedRoute[] = [];
  for (const module of testApp.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: object } | null;
      if (!controller) continue;

      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [handler as never, controller as never]);
        if (policy?.kind === 'public') continue;

        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const base of [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat()) {
          for (const path of [methodPath].flat()) {
            const joined = [base, path].filter((part) => part && part !== '/').map((part) => part.replace(/^\/+|\/+$/g, '')).join('/');
            routes.push({ method, path: `/${joined}` });
          }
        }
      }
    }
  }

  return routes;
}

/**
 * Replaces each path parameter with the victim's value of that kind. A parameter whose kind is ambiguous
 * (`:id` is an organisation id on some routes and a PIC on others) yields one path per reading.
 */
function victimPaths(path: string, victim: Victim, unknownParameters: Set<string>): string[] {
  let variants = [path];
  for (const [, name] of path.matchAll(/:([A-Za-z]+)/g)) {
    let values: string[];
    if (/^organisationId$/.test(name)) values = [String(victim.organisationId)];
    else if (/^id$/.test(name)) values = [String(victim.organisationId), victim.pic];
    else if (/escn|CardNumber/i.test(name)) values = [victim.escn];
    else if (/esi|StudentIdentifier|^identifier$/i.test(name)) values = [encodeURIComponent(victim.esi)];
    else if (/pic/i.test(name)) values = [victim.pic];
    else if (/^userId$/.test(name)) values = [victim.adminUserId];
    else if (/^tokenId$/.test(name)) values = [victim.apiTokenId];
    else if (/^invitationId$/.test(name)) values = [victim.invitationId];
    else {
      unknownParameters.add(`${path} :${name}`);
      values = ['x'];
    }
    variants = variants.flatMap((variant) => values.map((value) => variant.replace(`:${name}`, value)));
  }

  return variants;
}

/** Builds a body and a query that name the victim's identifiers under the field names of the router's APIs. */
function victimReferences(victim: Victim) {
  return {
    query: {
      organisationId: victim.organisationId,
      organisationIdentifier: victim.pic,
      issuerIdentifier: victim.pic,
      identifier: victim.esi,
      personIdentifier: victim.esi,
      cardNumber: victim.escn,
      pic: victim.pic,
    },
    body: {
      organisationId: victim.organisationId,
      organisationIdentifier: victim.pic,
      issuerIdentifier: victim.pic,
      identifier: victim.esi,
      personIdentifier: victim.esi,
      europeanStudentIdentifier: victim.esi,
      cardNumber: victim.escn,
      europeanStudentCardNumber: victim.escn,
      cardStatusType: 'ACTIVE',
      cardType: 'PASSIVE',
      issuedAt: '2026-01-01',
      expiresAt: '2027-01-01',
      personOrganisationUpdateViews: [{ organisationIdentifier: victim.pic, fullName: 'Mallory' }],
      picInstitutionCode: victim.pic,
      emailAddress: 'mallory@attacker.example',
      expiryDate: '2027-01-01',
      acceptances: [{ documentType: 'TERMS_AND_CONDITIONS', version: 1, sha256: '0'.repeat(64) }],
      vatNumber: 'NL123456789B01',
      country: 'NL',
      administrator: { email: 'mallory-admin@attacker.example', password: 'copper kettle winter harbour' },
      email: 'mallory@attacker.example',
      role: 'MEMBER',
      name: 'Mallory',
    },
  };
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('cross-tenant access', () => {
  let testApp: TestApp;
  let victim: Victim;
  let attacker: OnboardedOrganisation;
  let attackerJwt: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    const pic = randomPic();
    const onboarded = await onboardOrganisation(testApp, { pic, name: `Victim University ${pic}` });
    attacker = await onboardOrganisation(testApp);
    attackerJwt = await login(testApp, attacker.adminEmail);

    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${pic}07`;
    await testApp.http
      .post('/esc-rest/api/v2/persons')
      .auth(onboarded.apiToken, { type: 'bearer' })
      .send({
        identifier: esi,
        identifierCode: 'ESI',
        personOrganisationUpdateViews: [{ organisationIdentifier: pic, fullName: VICTIM_PERSON_NAME, email: VICTIM_PERSON_EMAIL }],
      })
      .expect(201);
    const card = await testApp.http
      .post('/esc-rest/api/v2/cards')
      .auth(onboarded.apiToken, { type: 'bearer' })
      .send({
        cardStatusType: 'ACTIVE',
        cardType: 'SMART_PASSIVE',
        displayName: VICTIM_CARD_NAME,
        expiresAt: '2040-12-31',
        issuedAt: '2030-12-31',
        issuerIdentifier: pic,
        personIdentifier: esi,
      })
      .expect(201);

    const admin = await login(testApp, onboarded.adminEmail);
    const users = await testApp.http.get(`/api/organisations/${onboarded.organisationId}/users`).auth(admin, { type: 'bearer' }).expect(200);
    const tokens = await testApp.http.get(`/api/organisations/${onboarded.organisationId}/api-tokens`).auth(admin, { type: 'bearer' }).expect(200);
    const invitation = await testApp.http
      .post(`/api/organisations/${onboarded.organisationId}/invitations`)
      .auth(admin, { type: 'bearer' })
      .send({ email: VICTIM_INVITEE, role: 'MEMBER' })
      .expect(201);

    victim = {
      ...onboarded,
      esi,
      escn: card.body.cardNumber as string,
      adminUserId: users.body[0].id as string,
      apiTokenId: tokens.body[0].id as string,
      invitationId: invitation.body.id as string,
    };
  });

  afterAll(async () => {
    await testApp.close();
  });

  it("never answers with the victim's data or lets a call succeed on it", async () => {
    const routes = authenticatedRoutes(testApp).sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
    expect(routes.length).toBeGreaterThan(20);

    const unknownParameters = new Set<string>();
    const { query, body } = victimReferences(victim);
    const markers = [victim.name, victim.adminEmail, VICTIM_PERSON_NAME, VICTIM_PERSON_EMAIL, VICTIM_CARD_NAME, VICTIM_INVITEE];
    const credentials = [
      { label: 'API token', apply: (request: ReturnType<TestApp['http']['get']>) => request.auth(attacker.apiToken, { type: 'bearer' }) },
      { label: 'user JWT', apply: (request: ReturnType<TestApp['http']['get']>) => request.auth(attackerJwt, { type: 'bearer' }) },
    ];
    const leaks: string[] = [];
    const outcomes: string[] = [];

    for (const route of routes) {
      const namesVictim = route.path.includes(':') || route.method !== 'GET';
      for (const path of victimPaths(route.path, victim, unknownParameters)) {
        for (const credential of credentials) {
          let request = testApp.http[route.method.toLowerCase() as 'get'](path).query(query);
          request = credential.apply(request);
          const response = route.method === 'GET' || route.method === 'DELETE' ? await request : await request.send(body);
          const text = typeof response.text === 'string' ? response.text : '';
          const leakedMarker = markers.find((marker) => text.includes(marker));
          const succeeded = response.status >= 200 && response.status < 300;
          const line = `${route.method} ${path} [${credential.label}] -> ${response.status} ${(response.body as { code?: string })?.code ?? ''}`.trimEnd();
          outcomes.push(line);

          if (leakedMarker) leaks.push(`${line} contains "${leakedMarker}"`);
          else if (succeeded && namesVictim) leaks.push(`${line} succeeded on the victim's data`);
        }
      }
    }

    // The whole matrix is printed, so that a reviewer can tell which responses came from validation
    // (400/415/422) rather than from an authorisation check (403/404).
    console.log(`cross-tenant matrix:\n${outcomes.join('\n')}\nunsubstituted parameters: ${[...unknownParameters].join(', ') || 'none'}`);
    expect(leaks).toEqual([]);
  });
});
