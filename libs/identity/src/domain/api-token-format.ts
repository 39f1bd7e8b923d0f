import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens look like `escr_<32 base62 characters of randomness><6 base62 characters of CRC-32>`.
 * The fixed prefix and the checksum let secret scanners recognise leaked tokens without a database.
 * 32 base62 characters carry about 190 bits.
 */
export const API_TOKEN_PREFIX = 'escr_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
/** The whole token's shape: the prefix, then the random part and its checksum, all in ALPHABET. */
const TOKEN_SHAPE = new RegExp(`^${API_TOKEN_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

function toBase62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < width; index++) {
    text = ALPHABET[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }

  return text;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;

  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);

  return (crc ^ 0xffffffff) >>> 0;
}

/** Largest multiple of 62 below 256: bytes at or above it are discarded, so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 248;

/** Draws length base62 characters from the CSPRNG with rejection sampling, which avoids the bias of `byte % 62`. */
export function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      text += ALPHABET[byte % 62];
      if (text.length === length) break;
    }
  }

  return text;
}

/** Generates a new token secret. */
export function generateApiToken(): string {
  const body = randomBase62(RANDOM_LENGTH);

  return `${API_TOKEN_PREFIX}${body}${toBase62(crc32(body), CHECKSUM_LENGTH)}`;
}

/** Tells whether a string has the token layout and a matching checksum. */
export function isWellFormedApiToken(token: string): boolean {
  if (!TOKEN_SHAPE.test(token)) return false;

  const body = token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + RANDOM_LENGTH);

  return token.endsWith(toBase62(crc32(body), CHECKSUM_LENGTH));
}

/** The stored form of a token: hex SHA-256. The secret itself is never stored. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
