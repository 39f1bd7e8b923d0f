import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard, PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig, Principal } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { AccessTokenService, VerifiedJwt } from './access-token.service.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

/**
 * Authenticates access tokens with passport-jwt: the signature with HS256 only, `iss` and `aud`.
 * AccessTokenService judges expiry with the injectable clock, so passport-jwt's own expiry check is off.
 * jsonwebtoken runs with `complete: true` so that the decoded header reaches `validate`.
 *
 * Passport keeps strategies in one registry per process, so each application registers its strategy under
 * a name of its own. Otherwise a second application in the process (tests run two router instances)
 * would replace the first one's strategy, with its secret and its database.
 */
@Injectable()
export class JwtAuthentication implements OnModuleDestroy {
  readonly strategyName = `jwt-${randomUUID()}`;
  private readonly guard: IAuthGuard;

  constructor(config: AppConfig, secret: string, accessTokens: AccessTokenService, status: PrincipalStatusCache) {
    const strategyClass = jwtStrategyClass(this.strategyName);
    new strategyClass(config, secret, accessTokens, status);
    this.guard = new (jwtGuardClass(this.strategyName))();
  }

  /** Authenticates the request's bearer token and returns the principal, or fails with 401. */
  async authenticate(context: Parameters<IAuthGuard['canActivate']>[0]): Promise<Principal> {
    await this.guard.canActivate(context);

    return context.switchToHttp().getRequest<{ user: Principal }>().user;
  }

  onModuleDestroy(): void {
    passport.unuse(this.strategyName);
  }
}

function jwtStrategyClass(name: string) {
  class JwtStrategy extends PassportStrategy(Strategy, name) {
    constructor(
      config: AppConfig,
      secret: string,
      private readonly accessTokens: AccessTokenService,
      private readonly status: PrincipalStatusCache,
    ) {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: secret,
        algorithms: ['HS256'],
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        ignoreExpiration: true,
        jsonWebTokenOptions: { complete: true },
      });
    }

    /** Checks the verified token, then that its user, session and organisation may still act. */
    async validate(decoded: VerifiedJwt): Promise<Principal> {
      const claims = this.accessTokens.checkVerified(decoded);
      if (!(await this.status.isUserTokenValid(claims.sub, claims.sid, claims.iat))) throw IdentityError.invalidToken();
      if (claims.org !== null && !(await this.status.isOrganisationActive(claims.org))) throw IdentityError.invalidToken();

      return { type: 'user', userId: claims.sub, organisationId: claims.org, role: claims.role };
    }
  }

  return JwtStrategy;
}

function jwtGuardClass(name: string): Type<IAuthGuard> {
  /** Passes the strategy's IdentityError through unchanged and turns any other failure into 401. */
  class JwtGuard extends AuthGuard(name) {
    override handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
      if (error instanceof IdentityError) throw error;
      if (error || !user) throw IdentityError.invalidToken();

      return user;
    }
  }

  return JwtGuard;
}
