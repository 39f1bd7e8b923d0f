import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ACCESS_POLICY, AccessPolicy, AuthenticatedRequest, Principal } from '@escr/kernel';
import { API_TOKEN_PREFIX } from '../domain/api-token-format.js';
import { IdentityError } from '../domain/identity.error.js';
import { ApiTokensService } from './api-tokens.service.js';

class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    if (error instanceof IdentityError) throw error;
    if (error || !user) throw IdentityError.invalidToken();

    return user;
  }
}

/**
 * Enforces each route's declared access policy. API tokens are read from `Authorization: Bearer` or,
 * as the real router's OpenAPI document declares, from an `api_key` header. A route that declares no
 * policy is denied, so forgetting a declaration never opens a route.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly jwtGuard = new JwtAuthGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
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
    if (!allowed) throw IdentityError.accessDenied();

    return true;
  }

  private async authenticate(context: ExecutionContext, request: AuthenticatedRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    const apiKeyHeader = request.headers['api_key'] ?? request.headers['api-key'];
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];

    if (bearer?.startsWith(API_TOKEN_PREFIX)) return this.apiTokens.authenticate(bearer);
    if (!bearer && typeof apiKeyHeader === 'string') return this.apiTokens.authenticate(apiKeyHeader.trim());
    if (!bearer) throw IdentityError.authenticationRequired();

    await this.jwtGuard.canActivate(context);

    return (request as AuthenticatedRequest & { user: Principal }).user;
  }
}
