import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Role } from '@escr/kernel';

/** Lifetime of an access token, in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Claims of an access token. `typ` separates access tokens from any other JWT signed with the same key. */
export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  role: Role;
  org: number | null;
  iat: number;
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

@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(userId: string, role: Role, organisationId: number | null): string {
    const claims: Omit<AccessTokenClaims, 'iat'> = { sub: userId, typ: 'access', role, org: organisationId };

    return this.jwt.sign(claims);
  }
}
