import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy, AuthenticatedRequest, Principal } from '@escr/kernel';
import { API_TOKEN_PREFIX } from '../domain/api-token-format.js';
import { IdentityError } from '../domain/identity.error.js';
import { ApiTokensService } from './api-tokens.service.js';
import { JwtAuthentication } from './jwt.strategy.js';


/** Says what a route requires and what the caller is, for the message of a 403. */
function describeRequirement(policy: Extract<AccessPolicy, { kind: 'authenticated' }>, principal: Principal): string {
  const accepted = [
    ...(policy.roles.length > 0 ? [`a user with role ${policy.roles.join(' or ')}`] : []),
    ...(policy.apiTokenScopes.length > 0 ? [`an API token with scope ${policy.apiTokenScopes.join(' or ')}`] : []),
  ];
  const caller = principal.type === 'user' ? `a user with role ${principal.role}` : `an API token with scope ${principal.scopes.join(', ')}`;

  return `this route accepts ${accepted.join(' or ')}, and you called it as ${caller}`;
}

/**
 * Enforces each route's declared access policy. API tokens are read from `Authorization: Bearer` or,
 * as the real router's OpenAPI document declares, from an `api_key` header. A route that declares no
 * policy is denied, so forgetting a declaration never opens a route.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
    private readonly jwt: JwtAuthentication,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw IdentityError.accessDenied();
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(context, request);
    request.principal = principal;

    const allowed =
      principal.type === 'user'
        ? policy.roles.includes(principal.role)
        : principal.scopes.some((scope) => policy.apiTokenScopes.includes(scope));
    if (!allowed) throw IdentityError.accessDenied(describeRequirement(policy, principal));

    return true;
  }

  private async authenticate(context: ExecutionContext, request: AuthenticatedRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    const apiKeyHeader = request.headers['api_key'] ?? request.headers['api-key'];
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const clientAddress = request.ip ?? 'unknown';

    if (bearer?.startsWith(API_TOKEN_PREFIX)) return this.apiTokens.authenticate(bearer, clientAddress);
    if (!bearer && typeof apiKeyHeader === 'string') return this.apiTokens.authenticate(apiKeyHeader.trim(), clientAddress);
    if (!bearer) throw IdentityError.authenticationRequired();

    return this.jwt.authenticate(context);
  }
}
