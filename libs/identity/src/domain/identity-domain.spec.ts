import { loadConfig } from '@escr/kernel';
import { resolveJwtSecret } from '../application/access-token.service';
import { API_TOKEN_PREFIX, generateApiToken, isWellFormedApiToken, randomBase62 } from './api-token-format';
import { lockoutDurationMs, MAX_LOCKOUT_MS } from './login-lockout';
import { assertAcceptablePassword } from './password-policy';

describe('lockoutDurationMs', () => {
  it('doubles from 1 s and stops at 15 minutes', () => {
    const seconds = Array.from({ length: 13 }, (_, index) => lockoutDurationMs(index + 1) / 1000);
    expect(seconds).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(lockoutDurationMs(0)).toBe(0);
    expect(lockoutDurationMs(10_000)).toBe(MAX_LOCKOUT_MS);
  });

  it('admits at most 100 failures per hour', () => {
    let elapsedMs = 0;
    let failures = 0;
    while (elapsedMs < 3600 * 1000) {
      failures += 1;
      elapsedMs += lockoutDurationMs(failures);
    }
    expect(failures).toBeLessThanOrEqual(100);
    expect(failures).toBe(13);
  });
});

describe('API token format', () => {
  it('generates well-formed tokens with a checksum', () => {
    const token = generateApiToken();
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(isWellFormedApiToken(token)).toBe(true);

    const lastCharacter = token.at(-1) === 'A' ? 'B' : 'A';
    expect(isWellFormedApiToken(token.slice(0, -1) + lastCharacter)).toBe(false);
    const flipped = token.slice(0, 6) + (token[6] === 'A' ? 'B' : 'A') + token.slice(7);
    expect(isWellFormedApiToken(flipped)).toBe(false);
  });

  it('draws base62 characters without modulo bias', () => {
    const counts = new Map<string, number>();
    const text = randomBase62(62 * 2000);
    for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);

    // With byte % 62, the characters 0-7 would appear 5/4 as often as the rest (5 of 256 bytes against 4).
    const low = [...'01234567'].reduce((sum, character) => sum + counts.get(character)!, 0) / 8;
    const high = [...'89ABCDEFGH'].reduce((sum, character) => sum + counts.get(character)!, 0) / 10;
    expect(low / high).toBeGreaterThan(0.9);
    expect(low / high).toBeLessThan(1.1);
  });
});

describe('assertAcceptablePassword', () => {
  it.each([['password1234'], ['qwertyuiopasdf'], ['aaaaaaaaaaaa'], ['iloveyou12345']])('rejects the common password %s', (password) => {
    expect(() => assertAcceptablePassword(password)).toThrow(expect.objectContaining({ code: 'ID-0002' }));
  });

  it('rejects a password made of the e-mail address', () => {
    expect(() => assertAcceptablePassword('jean.dupont2024', ['jean.dupont@univ.example'])).toThrow(
      expect.objectContaining({ code: 'ID-0002' }),
    );
  });

  it('accepts a passphrase and needs no composition rules', () => {
    expect(() => assertAcceptablePassword('correct horse battery staple')).not.toThrow();
    expect(() => assertAcceptablePassword('plum orchard velvet compass')).not.toThrow();
  });

  it('checks the length in characters', () => {
    expect(() => assertAcceptablePassword('short')).toThrow('password: must be at least 12 characters long');
    expect(() => assertAcceptablePassword('x'.repeat(129))).toThrow('password: must be at most 128 characters long');
  });
});

describe('JWT secret', () => {
  it('is required in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/escr' })).toThrow('JWT_SECRET is required in production');
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/escr', JWT_SECRET: 'too-short' })).toThrow('at least 256 bits');
  });

  it('is generated once per configuration with a warning in development', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as never;

    const secret = resolveJwtSecret(config, logger);
    expect(resolveJwtSecret(config, logger)).toBe(secret);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(warnings).toHaveLength(1);
  });
});
