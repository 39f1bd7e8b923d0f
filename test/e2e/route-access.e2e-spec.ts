import { ExecutionContext, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy } from '@escr/kernel';
import { AccessGuard } from '@escr/identity/application/access.guard.js';
import { login, onboardOrganisation, operationsToken } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';
import { servedRoutes } from '../../apps/router/src/bootstrap';

interface DeclaredRoute {
  module: string;
  method: string;
  path: string;
  controller: string;
  handler: string;
  policy: AccessPolicy | undefined;
}

/** Joins controller and method paths the way Nest does: one leading slash, no trailing one. */
function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((part): part is string => part !== undefined && part !== '' && part !== '/')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .join('/');

  return `/${joined}`;
}

/** Lists every route of every controller of the running application, with its reflected access policy. */
function declaredRoutes(testApp: TestApp): DeclaredRoute[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: DeclaredRoute[] = [];
  for (const module of testApp.app.get(ModulesContainer).values()) {
    const moduleName = module.metatype?.name ?? 'unknown';
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { name: string; prototype: object } | null;
      if (!controller) continue;
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();

      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [handler as never, controller as never]);

        for (const base of controllerPaths) {
          for (const path of [methodPath].flat()) {
            routes.push({ module: moduleName, method, path: joinPath(base, path), controller: controller.name, handler: name, policy });
          }
        }
      }
    }
  }

  return routes;
}

/** Replaces each path parameter with a placeholder that passes its pipe, so that only the guard decides the response. */
function samplePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    if (/escn|cardNumber/i.test(name)) return '3e506370-826a-103d-bf76-001000000001';
    if (/organisationId|^id$/i.test(name)) return '1';
    if (/Id$/.test(name)) return '00000000-0000-4000-8000-000000000000';
    if (/esi|identifier/i.test(name)) return 'urn:schac:personalUniqueCode:int:esi:fr:123456789';
    if (/pic/i.test(name)) return '123456789';

    return 'x';
  });
}

describe('route access declarations', () => {
  let testApp: TestApp;
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    testApp = await startTestApp();
    routes = declaredRoutes(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('finds the routes of every context', () => {
    const controllers = new Set(routes.map((route) => route.controller));
    for (const expected of ['AuthController', 'ApiTokensController', 'UsersController', 'OrganisationsController', 'CardsController', 'HealthController']) {
      expect(controllers).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(20);
  });

  it('declares who may call every route', () => {
    const undeclared = routes.filter((route) => !route.policy).map((route) => `${route.method} ${route.path} (${route.controller}.${route.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('knows every route Fastify serves', () => {
    const declared = new Set(routes.map((route) => `${route.method} ${route.path}`));
    expect(servedRoutes(testApp.app).length).toBeGreaterThan(routes.length);
    const unknown = servedRoutes(testApp.app)
      .filter((route) => !route.path.startsWith('/esc-rest/swagger-ui') && !route.path.startsWith('/esc-rest/v3/api-docs'))
      // Fastify adds a HEAD route to each GET route.
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.path}`)
      .filter((route) => !declared.has(route));
    expect(unknown).toEqual([]);
  });

  it('answers 401 without credentials on every non-public route', async () => {
    const answers: string[] = [];
    for (const route of routes.filter((candidate) => candidate.policy?.kind === 'authenticated')) {
      const response = await testApp.http[route.method.toLowerCase() as 'get'](samplePath(route.path));
      if (response.status !== 401) answers.push(`${route.method} ${route.path} -> ${response.status}`);
    }
    expect(answers).toEqual([]);
  });

  it('answers an out-of-range organisation id with 4xx', async () => {
    const onboarded = await onboardOrganisation(testApp);
    const tokens = [await operationsToken(testApp), await login(testApp, onboarded.adminEmail)];
    const failures: string[] = [];
    for (const route of routes.filter((candidate) => candidate.policy?.kind === 'authenticated' && candidate.path.includes(':organisationId'))) {
      const path = samplePath(route.path).replace(/\/organisations\/1(\/|$)/, '/organisations/99999999999$1');
      for (const token of tokens) {
        const response = await testApp.http[route.method.toLowerCase() as 'get'](path).auth(token, { type: 'bearer' });
        if (response.status >= 500) failures.push(`${route.method} ${path} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps operations staff off the card and person routes', () => {
    const admitting = routes
      .filter((route) => route.path.startsWith('/esc-rest/') || route.module === 'CardsModule')
      .filter((route) => route.policy?.kind === 'authenticated' && route.policy.roles.includes('OPERATIONS'))
      .map((route) => `${route.method} ${route.path}`);
    expect(admitting).toEqual([]);
  });

  it('denies a handler that declares nothing', async () => {
    class UndeclaredController {
      handle(): void {}
    }
    const context = {
      getHandler: () => UndeclaredController.prototype.handle,
      getClass: () => UndeclaredController,
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }),
    } as unknown as ExecutionContext;
    // The guard rejects before it needs its token services, so none are given.
    const guard = new AccessGuard(new Reflector(), undefined as never, undefined as never);

    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'SE-0000', kind: 'forbidden' });
  });
});
