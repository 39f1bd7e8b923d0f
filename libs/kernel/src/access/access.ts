import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Roles of personal accounts. Operations staff belong to no organisation. */
export type Role = 'AUTHORISED_PERSON' | 'MEMBER' | 'OPERATIONS';

export const ROLES: readonly Role[] = ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'];

/** API token scopes. A token may carry several. */
export type ApiTokenScope = 'cards';

/** The caller: a logged-in user, or an organisation's API token. */
export type Principal =
  | { type: 'user'; userId: string; organisationId: number | null; role: Role }
  | { type: 'api-token'; tokenId: string; organisationId: number; scopes: ApiTokenScope[] };

/** The callers a route admits. Every route must declare one, which a test enforces. */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'authenticated'; roles: Role[]; apiTokenScopes: ApiTokenScope[] };

export const ACCESS_POLICY = 'escr:access-policy';

/** Marks a route or controller as callable without credentials. */
export const PublicRoute = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** Restricts a route or controller to the given roles and API token scopes. */
export const Access = (grant: { roles?: Role[]; apiToken?: ApiTokenScope[] }) =>
  SetMetadata(ACCESS_POLICY, {
    kind: 'authenticated',
    roles: grant.roles ?? [],
    apiTokenScopes: grant.apiToken ?? [],
  } satisfies AccessPolicy);

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

/** Injects the authenticated principal. Only valid on routes that are not public. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');

  return principal;
});

/** Injects the client address, which Fastify derives from X-Forwarded-For only for trusted proxies. */
export const ClientAddress = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<FastifyRequest>().ip ?? 'unknown',
);
