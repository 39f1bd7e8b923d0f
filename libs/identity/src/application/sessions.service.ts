import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, Role, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { generateSecretToken, hashSecretToken } from '../domain/secret-token.js';
import { AccessTokenService, ACCESS_TOKEN_TTL_SECONDS } from './access-token.service.js';
import { AuditLog } from './audit-log.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

/** Tokens returned to the client by a login or a refresh. */
export interface SessionTokens {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  refreshToken: string;
  /** When the session ends and the refresh token can no longer be used. */
  refreshTokenExpiresAt: Date;
}

export interface SessionUser {
  id: string;
  role: Role;
  organisationId: number | null;
}

interface PresentedRefreshToken {
  token_id: string;
  used_at: Date | null;
  session_id: string;
  session_expires_at: Date;
  session_revoked_at: Date | null;
  user_id: string;
  role: Role;
  organisation_id: number | null;
  status: string;
}

/**
 * Login sessions. A session is one family of refresh tokens: every refresh marks the presented token
 * used and issues the next one, and presenting a used token again revokes the whole session, because
 * then either the client or a thief has a copy. Access tokens carry the session id, so a revoked
 * session also stops its access tokens within the status cache's lifetime.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditLog,
    private readonly status: PrincipalStatusCache,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Opens a session for a user who just authenticated. Joins the caller's transaction. */
  async start(user: SessionUser): Promise<SessionTokens> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    const [session]: { id: string }[] = await this.transactions.manager.query(
      `INSERT INTO identity.session (user_id, created_at, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [user.id, now, expiresAt],
    );
    const refreshToken = await this.insertRefreshToken(session.id, now);

    return this.tokens(user, session.id, refreshToken, expiresAt);
  }

  /** Exchanges a refresh token for a new access token and the next refresh token. */
  async refresh(refreshToken: string, clientAddress: string): Promise<SessionTokens> {
    const outcome = await this.transactions.run(async () => {
      const presented = await this.findForUpdate(refreshToken);
      if (!presented) return null;

      const now = this.clock.now();
      if (presented.used_at) {
        await this.revokeSession(presented.session_id, 'refresh-token-reused', now);
        await this.audit.record({
          action: 'session.refresh-token-reused',
          actorUserId: presented.user_id,
          organisationId: presented.organisation_id,
          subjectId: presented.session_id,
          clientAddress,
        });
        this.logger.warn({ sessionId: presented.session_id, userId: presented.user_id }, 'refresh token reused; session revoked');

        return null;
      }
      const sessionUsable =
        !presented.session_revoked_at && presented.session_expires_at.getTime() > now.getTime() && presented.status === 'ACTIVE';
      const organisationActive =
        presented.organisation_id === null || (await this.status.isOrganisationActive(presented.organisation_id));
      if (!sessionUsable || !organisationActive) return null;

      await this.transactions.manager.query('UPDATE identity.refresh_token SET used_at = $2 WHERE id = $1', [presented.token_id, now]);
      const next = await this.insertRefreshToken(presented.session_id, now);
      const user = { id: presented.user_id, role: presented.role, organisationId: presented.organisation_id };

      return this.tokens(user, presented.session_id, next, presented.session_expires_at);
    });
    if (!outcome) throw IdentityError.invalidRefreshToken();

    return outcome;
  }

  /** Ends the session of a refresh token. Unknown tokens are ignored, so logging out twice succeeds. */
  async logout(refreshToken: string, clientAddress: string): Promise<void> {
    await this.transactions.run(async () => {
      const presented = await this.findForUpdate(refreshToken);
      if (!presented || presented.session_revoked_at) return;

      await this.revokeSession(presented.session_id, 'logout', this.clock.now());
      await this.audit.record({
        action: 'session.logged-out',
        actorUserId: presented.user_id,
        organisationId: presented.organisation_id,
        subjectId: presented.session_id,
        clientAddress,
      });
    });
  }

  /** Revokes every open session of a user and stops their access tokens. Joins the caller's transaction. */
  async revokeAllForUser(userId: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.transactions.manager.query(
      `UPDATE identity.session SET revoked_at = $2, revoke_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, now, reason],
    );
    await this.transactions.manager.query('UPDATE identity.user_account SET tokens_valid_after = $2 WHERE id = $1', [userId, now]);
    this.status.forget();
  }

  private async revokeSession(sessionId: string, reason: string, now: Date): Promise<void> {
    await this.transactions.manager.query(
      'UPDATE identity.session SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL',
      [sessionId, now, reason],
    );
    this.status.forget();
  }

  private async findForUpdate(refreshToken: string): Promise<PresentedRefreshToken | null> {
    const rows: PresentedRefreshToken[] = await this.transactions.manager.query(
      `SELECT t.id AS token_id, t.used_at, s.id AS session_id, s.expires_at AS session_expires_at,
              s.revoked_at AS session_revoked_at, u.id AS user_id, u.role, u.organisation_id, u.status
         FROM identity.refresh_token t
         JOIN identity.session s ON s.id = t.session_id
         JOIN identity.user_account u ON u.id = s.user_id
        WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
      [hashSecretToken(refreshToken)],
    );
    const row = rows[0];
    if (!row) return null;

    return { ...row, session_expires_at: new Date(row.session_expires_at) };
  }

  private async insertRefreshToken(sessionId: string, now: Date): Promise<string> {
    const refreshToken = generateSecretToken();
    await this.transactions.manager.query(
      'INSERT INTO identity.refresh_token (session_id, token_hash, created_at) VALUES ($1, $2, $3)',
      [sessionId, hashSecretToken(refreshToken), now],
    );

    return refreshToken;
  }

  private tokens(user: SessionUser, sessionId: string, refreshToken: string, expiresAt: Date): SessionTokens {
    return {
      accessToken: this.accessTokens.issue(user.id, sessionId, user.role, user.organisationId),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshTokenExpiresAt: expiresAt,
    };
  }
}
