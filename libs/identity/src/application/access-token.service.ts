import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, Role, ROLES } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';

/** Lifetime of an access token, in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/**
 * JOSE header type of access tokens (RFC 9068, section 2.1). Verification requires it, so that no other
 * JWT signed with the same key is accepted as an access token.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** A JWT decoded with its header, as jsonwebtoken returns it with `complete: true`. */
export interface VerifiedJwt {
  header?: { typ?: string };
  payload?: Record<string, unknown> | string | null;
}

/** Claims of an access token. sid is the login session, which logout and refresh-token reuse revoke. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: Role;
  org: number | null;
  iat: number;
  exp: number;
  jti: string;
}

const generatedSecrets = new WeakMap<AppConfig, string>();

/**
 * Resolves the HS256 secret: the configured one, or in development and test one random secret per
 * configuration object, so that every provider of one application signs and verifies with the same key.
 */
export function resolveJwtSecret(config: AppConfig, logger = new Logger('JwtSecret')): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;

  if (config.NODE_ENV === 'production') throw new Error('JWT_SECRET is required in production');
  let secret = generatedSecrets.get(config);
  if (!secret) {
    logger.warn('JWT_SECRET is not set: using a random secret, so access tokens end when this process stops');
    secret = randomBytes(32).toString('base64url');
    generatedSecrets.set(config, secret);
  }

  return secret;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isAccessTokenClaims(payload: Record<string, unknown>): payload is Record<string, unknown> & AccessTokenClaims {
  return (
    typeof payload.sub === 'string' &&
    UUID_PATTERN.test(payload.sub) &&
    typeof payload.sid === 'string' &&
    UUID_PATTERN.test(payload.sid) &&
    typeof payload.iat === 'number' &&
    ROLES.includes(payload.role as Role) &&
    (payload.org === null || Number.isInteger(payload.org))
  );
}

/** Signs and verifies access tokens with the injected clock, so that tests can move past their expiry. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  issue(userId: string, sessionId: string, role: Role, organisationId: number | null): string {
    const claims = {
      sub: userId,
      sid: sessionId,
      role,
      org: organisationId,
      iat: Math.floor(this.clock.now().getTime() / 1000),
    };

    return this.jwt.sign(claims, { header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE }, jwtid: randomUUID() });
  }

  /**
   * Checks a token whose signature, algorithm (HS256 only), issuer and audience passport-jwt has verified:
   * the header type, the claim types, and the expiry against the injected clock. Every failure is the
   * same 401, so callers learn nothing about which check failed.
   */
  checkVerified(decoded: VerifiedJwt): AccessTokenClaims {
    const type = decoded.header?.typ?.toLowerCase();
    if (type !== ACCESS_TOKEN_TYPE && type !== `application/${ACCESS_TOKEN_TYPE}`) throw IdentityError.invalidToken();

    const payload = decoded.payload;
    if (typeof payload !== 'object' || payload === null || !isAccessTokenClaims(payload)) throw IdentityError.invalidToken();
    if (typeof payload.exp !== 'number' || payload.exp <= Math.floor(this.clock.now().getTime() / 1000)) {
      throw IdentityError.invalidToken();
    }

    return payload;
  }
}
