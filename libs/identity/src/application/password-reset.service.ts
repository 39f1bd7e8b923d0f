import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, MailQueue, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { assertAcceptablePassword } from '../domain/password-policy.js';
import { generateSecretToken, hashSecretToken } from '../domain/secret-token.js';
import { UserAccountEntity } from '../infrastructure/user-account.entity.js';
import { normaliseEmail } from './accounts.service.js';
import { AuditLog } from './audit-log.js';
import { tokenLink } from './mail-links.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionsService } from './sessions.service.js';

/** How long a password-reset link stays valid: 30 minutes. */
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;

interface ResetRow {
  id: string;
  user_id: string;
  email: string;
  organisation_id: number | null;
  expires_at: Date;
  used_at: Date | null;
  status: string;
}

/**
 * Password reset by e-mail. A request gets the same response whether or not the address has an account.
 * For an active account it mails a single-use link valid 30 minutes, and a newer request replaces an older
 * link. Completing the reset sets the password, clears the lock-out and revokes every session.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly mail: MailQueue,
    private readonly audit: AuditLog,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Mails a reset link when the address belongs to an active account. Both branches write one audit
   * entry in one transaction.
   * NOTE: the known-address branch also writes the reset row and the queued mail, so it takes slightly
   * longer (a few database writes, no hashing). The response status and body are identical.
   */
  async request(email: string, clientAddress: string): Promise<void> {
    await this.rateLimiter.consume('password-reset', clientAddress);

    await this.transactions.run(async () => {
      const user = await this.transactions.manager
        .getRepository(UserAccountEntity)
        .findOneBy({ emailNormalised: normaliseEmail(email), status: 'ACTIVE' });
      if (!user) {
        await this.audit.record({ action: 'password-reset.requested', clientAddress, details: { accountFound: false } });

        return;
      }

      const now = this.clock.now();
      const token = generateSecretToken();
      await this.transactions.manager.query('DELETE FROM identity.password_reset WHERE user_id = $1 AND used_at IS NULL', [user.id]);
      await this.transactions.manager.query(
        'INSERT INTO identity.password_reset (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [user.id, hashSecretToken(token), now, new Date(now.getTime() + PASSWORD_RESET_TTL_MS)],
      );
      await this.mail.enqueue({
        to: user.email,
        subject: 'Reset your European Student Card Router password',
        text:
          `Someone asked to reset the password of ${user.email} on the European Student Card Router.\n\n` +
          `Open this link within 30 minutes to choose a new password:\n${tokenLink(this.config, 'password-reset', token)}\n\n` +
          `The link works once. If you did not ask for it, ignore this message: your password stays as it is.\n`,
        category: 'password-reset',
      });
      await this.audit.record({
        action: 'password-reset.requested',
        actorUserId: user.id,
        organisationId: user.organisationId,
        clientAddress,
        details: { accountFound: true },
      });
    });
  }

  /** Sets a new password with a reset token and ends every session of the account. */
  async complete(token: string, password: string, clientAddress: string): Promise<void> {
    await this.rateLimiter.consume('password-reset', clientAddress);
    const pending = await this.findUsable(token, false);
    assertAcceptablePassword(password, [pending.email]);
    const passwordHash = await this.hasher.hash(password);

    await this.transactions.run(async () => {
      const reset = await this.findUsable(token, true);
      const now = this.clock.now();
      await this.transactions.manager
        .getRepository(UserAccountEntity)
        .update({ id: reset.user_id }, { passwordHash, failedLogins: 0, lockedUntil: null });
      await this.transactions.manager.query('UPDATE identity.password_reset SET used_at = $2 WHERE id = $1', [reset.id, now]);
      await this.sessions.revokeAllForUser(reset.user_id, 'password-reset');
      await this.audit.record({
        action: 'password-reset.completed',
        actorUserId: reset.user_id,
        organisationId: reset.organisation_id,
        clientAddress,
      });
      this.logger.log({ userId: reset.user_id }, 'password reset');
    });
  }

  private async findUsable(token: string, forUpdate: boolean): Promise<ResetRow> {
    const rows: ResetRow[] = await this.transactions.manager.query(
      `SELECT r.id, r.user_id, u.email, u.organisation_id, r.expires_at, r.used_at, u.status
         FROM identity.password_reset r
         JOIN identity.user_account u ON u.id = r.user_id
        WHERE r.token_hash = $1${forUpdate ? ' FOR UPDATE OF r, u' : ''}`,
      [hashSecretToken(token)],
    );
    const row = rows[0];
    const usable =
      row && !row.used_at && row.status === 'ACTIVE' && new Date(row.expires_at).getTime() > this.clock.now().getTime();
    if (!usable) throw IdentityError.invalidResetToken();

    return row;
  }
}
