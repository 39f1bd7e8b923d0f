import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig, Principal } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { AccessTokenClaims } from './access-token.service.js';
import { PrincipalStatusCache } from './principal-status.cache.js';
import { JWT_SECRET } from './jwt-secret.token.js';
import { Inject } from '@nestjs/common';

/** Validates access tokens: HS256 only, with exp, iss, aud and typ checked, and the user still allowed. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    @Inject(JWT_SECRET) secret: string,
    private readonly status: PrincipalStatusCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret,
      algorithms: ['HS256'],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw IdentityError.invalidToken();
    if (!(await this.status.isUserTokenValid(claims.sub, claims.iat))) throw IdentityError.invalidToken();
    if (claims.org !== null && !(await this.status.isOrganisationActive(claims.org))) throw IdentityError.invalidToken();

    return { type: 'user', userId: claims.sub, organisationId: claims.org, role: claims.role };
  }
}
