import { createHash, randomBytes } from 'node:crypto';

/** Bytes of randomness in refresh, invitation and password-reset tokens: 256 bits. */
const SECRET_TOKEN_BYTES = 32;

/** Generates an opaque single-purpose secret: 32 random bytes in base64url (43 characters). */
export function generateSecretToken(): string {
  return randomBytes(SECRET_TOKEN_BYTES).toString('base64url');
}

/** The stored form of a secret token: hex SHA-256. A 256-bit random secret needs no salt or slow hash. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
