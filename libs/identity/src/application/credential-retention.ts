import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';

/**
 * Days a session, invitation or password reset is kept after it expired. Until expiry the rows are needed,
 * because a reused refresh token revokes its session and a used link must stay used. Afterwards they only
 * repeat what identity.audit_event records, and GDPR Art. 5(1)(e) keeps personal data no longer than needed.
 */
export const EXPIRED_CREDENTIAL_RETENTION_DAYS = 30;

export interface PurgedCredentials {
  sessions: number;
  invitations: number;
  passwordResets: number;
}

/** Deletes sessions (with their refresh tokens), invitations and password resets long past their expiry. */
@Injectable()
export class CredentialRetention {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async purgeExpired(): Promise<PurgedCredentials> {
    const cutoff = new Date(this.clock.now().getTime() - EXPIRED_CREDENTIAL_RETENTION_DAYS * 86_400_000);
    const manager = this.transactions.manager;
    // Refresh tokens go with their session (ON DELETE CASCADE).
    const [, sessions] = await manager.query('DELETE FROM identity.session WHERE expires_at < $1', [cutoff]);
    const [, invitations] = await manager.query('DELETE FROM identity.invitation WHERE expires_at < $1', [cutoff]);
    const [, passwordResets] = await manager.query('DELETE FROM identity.password_reset WHERE expires_at < $1', [cutoff]);

    return { sessions, invitations, passwordResets };
  }
}
