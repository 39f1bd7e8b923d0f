import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy, AuthenticatedRequest, Principal } from '@escr/kernel';
import { API_TOKEN_PREFIX } from '../domain/api-token-format.js';
import { IdentityError } from '../domain/identity.error.js';
import { AccessTokenService } from './access-token.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

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
    private readonly accessTokens: AccessTokenService,
    private readonly status: PrincipalStatusCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw IdentityError.accessDenied();
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;

    const allowed =
      principal.type === 'user'
        ? policy.roles.includes(principal.role)
        : principal.scopes.some((scope) => policy.apiTokenScopes.includes(scope));
    if (!allowed) throw IdentityError.accessDenied();

    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    const apiKeyHeader = request.headers['api_key'] ?? request.headers['api-key'];
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const clientAddress = request.ip ?? 'unknown';

    if (bearer?.startsWith(API_TOKEN_PREFIX)) return this.apiTokens.authenticate(bearer, clientAddress);
    if (!bearer && typeof apiKeyHeader === 'string') return this.apiTokens.authenticate(apiKeyHeader.trim(), clientAddress);
    if (!bearer) throw IdentityError.authenticationRequired();

    return this.authenticateUser(bearer);
  }

  /** Verifies an access token, then checks that its user, session and organisation may still act. */
  private async authenticateUser(accessToken: string): Promise<Principal> {
    const claims = this.accessTokens.verify(accessToken);
    if (!(await this.status.isUserTokenValid(claims.sub, claims.sid, claims.iat))) throw IdentityError.invalidToken();
    if (claims.org !== null && !(await this.status.isOrganisationActive(claims.org))) throw IdentityError.invalidToken();

    return { type: 'user', userId: claims.sub, organisationId: claims.org, role: claims.role };
  }
}
