import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface CachedStatus {
  value: boolean;
  expiresAt: number;
}

/**
 * How long a "still allowed" result is reused. Suspending an organisation or disabling a user therefore
 * takes effect on every instance within this many milliseconds.
 */
export const STATUS_CACHE_TTL_MS = 500;

/** Checks whether a user or an organisation may still act, with a short per-instance cache. */
@Injectable()
export class PrincipalStatusCache {
  private readonly users = new Map<string, CachedStatus>();
  private readonly organisations = new Map<number, CachedStatus>();
  private readonly activeUsers = new Map<string, CachedStatus>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * True when the user is active, the login session was not revoked (logout, refresh-token reuse,
   * password reset, role change) and the token was issued after the user's tokens-valid-after time.
   */
  async isUserTokenValid(userId: string, sessionId: string, issuedAtSeconds: number): Promise<boolean> {
    const key = `${userId}:${sessionId}:${issuedAtSeconds}`;
    const cached = this.users.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.value;

    const rows: { ok: boolean }[] = await this.dataSource.query(
      `SELECT u.status = 'ACTIVE'
              AND u.tokens_valid_after <= to_timestamp($3) + interval '1 second'
              AND s.revoked_at IS NULL AS ok
         FROM identity.user_account u
         JOIN identity.session s ON s.user_id = u.id AND s.id = $2
        WHERE u.id = $1`,
      [userId, sessionId, issuedAtSeconds],
    );
    const value = rows[0]?.ok === true;
    this.remember(this.users, key, value);

    return value;
  }

  async isOrganisationActive(organisationId: number): Promise<boolean> {
    const cached = this.organisations.get(organisationId);
    if (cached && cached.expiresAt > Date.now()) return cached.value;

    const rows: { suspended: boolean }[] = await this.dataSource.query(
      'SELECT suspended_at IS NOT NULL AS suspended FROM identity.organisation_access WHERE organisation_id = $1',
      [organisationId],
    );
    const value = rows[0]?.suspended !== true;
    this.remember(this.organisations, organisationId, value);

    return value;
  }

  /** True when the user account exists and is not disabled. */
  async isUserActive(userId: string): Promise<boolean> {
    const cached = this.activeUsers.get(userId);
    if (cached && cached.expiresAt > Date.now()) return cached.value;

    const rows: { ok: boolean }[] = await this.dataSource.query(
      `SELECT status = 'ACTIVE' AS ok FROM identity.user_account WHERE id = $1`,
      [userId],
    );
    const value = rows[0]?.ok === true;
    this.remember(this.activeUsers, userId, value);

    return value;
  }

  /** Drops this instance's cached results, after a local change. */
  forget(): void {
    this.users.clear();
    this.organisations.clear();
    this.activeUsers.clear();
  }

  private remember<K>(map: Map<K, CachedStatus>, key: K, value: boolean): void {
    if (map.size > 100_000) map.clear();
    map.set(key, { value, expiresAt: Date.now() + STATUS_CACHE_TTL_MS });
  }
}
