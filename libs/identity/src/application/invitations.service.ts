import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, MailQueue, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { assertAcceptablePassword } from '../domain/password-policy.js';
import { generateSecretToken, hashSecretToken } from '../domain/secret-token.js';
import { UserAccountEntity } from '../infrastructure/user-account.entity.js';
import { AccountsService, normaliseEmail } from './accounts.service.js';
import { Actor } from './actor.js';
import { AuditLog } from './audit-log.js';
import { tokenLink } from './mail-links.js';
import { RateLimiter } from './rate-limiter.js';
import { OrganisationRole } from './users.service.js';

/** How long an invitation link stays valid: 72 hours. */
export const INVITATION_TTL_MS = 72 * 3600 * 1000;

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'REVOKED';

export interface Invitation {
  id: string;
  organisationId: number;
  email: string;
  role: OrganisationRole;
  status: InvitationStatus;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedUserId: string | null;
}

export interface AcceptedInvitation {
  userId: string;
  email: string;
  role: OrganisationRole;
  organisationId: number;
}

interface InvitationRow {
  id: string;
  organisation_id: number;
  email: string;
  role: OrganisationRole;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
}

/**
 * Invitations of users to an organisation (HEI, public authority or processor alike). The e-mailed
 * link carries a single-use token, valid 72 hours; accepting it creates the account with the chosen
 * password. Inviting an address again revokes its earlier pending invitation.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly accounts: AccountsService,
    private readonly mail: MailQueue,
    private readonly audit: AuditLog,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  invite(actor: Actor, organisationId: number, email: string, role: OrganisationRole): Promise<Invitation> {
    return this.transactions.run(async () => {
      const emailNormalised = normaliseEmail(email);
      const hasAccount = await this.transactions.manager.getRepository(UserAccountEntity).existsBy({ emailNormalised });
      if (hasAccount) throw IdentityError.emailTaken(email);

      const now = this.clock.now();
      await this.transactions.manager.query(
        `UPDATE identity.invitation SET revoked_at = $3
          WHERE organisation_id = $1 AND email_normalised = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [organisationId, emailNormalised, now],
      );
      const token = generateSecretToken();
      const [row]: InvitationRow[] = await this.transactions.manager.query(
        `INSERT INTO identity.invitation
           (organisation_id, email, email_normalised, role, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING *`,
        [organisationId, email.trim(), emailNormalised, role, hashSecretToken(token), actor.userId, now, new Date(now.getTime() + INVITATION_TTL_MS)],
      );
      await this.mail.enqueue(this.invitationMail(row, token));
      await this.audit.record({
        action: 'invitation.created',
        actorUserId: actor.userId,
        organisationId,
        subjectId: row.id,
        clientAddress: actor.clientAddress,
        details: { email: row.email, role },
      });
      this.logger.log({ invitationId: row.id, organisationId, role }, 'invitation created');

      return this.toInvitation(row, now);
    });
  }

  async list(organisationId: number): Promise<Invitation[]> {
    const rows: InvitationRow[] = await this.transactions.manager.query(
      'SELECT * FROM identity.invitation WHERE organisation_id = $1 ORDER BY created_at DESC',
      [organisationId],
    );
    const now = this.clock.now();

    return rows.map((row) => this.toInvitation(row, now));
  }

  revoke(actor: Actor, organisationId: number, invitationId: string): Promise<void> {
    return this.transactions.run(async () => {
      const [, updated]: [unknown, number] = await this.transactions.manager.query(
        `UPDATE identity.invitation SET revoked_at = $3
          WHERE id = $1 AND organisation_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [invitationId, organisationId, this.clock.now()],
      );
      if (updated === 0) throw IdentityError.invitationNotFound(invitationId, organisationId);

      await this.audit.record({
        action: 'invitation.revoked',
        actorUserId: actor.userId,
        organisationId,
        subjectId: invitationId,
        clientAddress: actor.clientAddress,
      });
    });
  }

  /** Creates the invited account with the given password and uses up the invitation. */
  async accept(token: string, password: string, clientAddress: string): Promise<AcceptedInvitation> {
    await this.rateLimiter.consume('invitation', clientAddress);
    const pending = await this.findPending(token, false);
    assertAcceptablePassword(password, [pending.email]);

    return this.transactions.run(async () => {
      const invitation = await this.findPending(token, true);
      const userId = await this.accounts.create({
        email: invitation.email,
        password,
        role: invitation.role,
        organisationId: invitation.organisation_id,
      });
      await this.transactions.manager.query(
        'UPDATE identity.invitation SET accepted_at = $2, accepted_user_id = $3 WHERE id = $1',
        [invitation.id, this.clock.now(), userId],
      );
      await this.audit.record({
        action: 'invitation.accepted',
        actorUserId: userId,
        organisationId: invitation.organisation_id,
        subjectId: invitation.id,
        clientAddress,
      });

      return { userId, email: invitation.email, role: invitation.role, organisationId: invitation.organisation_id };
    });
  }

  private async findPending(token: string, forUpdate: boolean): Promise<InvitationRow> {
    const rows: InvitationRow[] = await this.transactions.manager.query(
      `SELECT * FROM identity.invitation WHERE token_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [hashSecretToken(token)],
    );
    const row = rows[0];
    if (!row || this.statusOf(row, this.clock.now()) !== 'PENDING') throw IdentityError.invalidInvitation();

    return row;
  }

  private invitationMail(row: InvitationRow, token: string) {
    const link = tokenLink(this.config, 'invitations/accept', token);
    const role = row.role === 'AUTHORISED_PERSON' ? 'authorised person' : 'member';

    return {
      to: row.email,
      subject: 'Your invitation to the European Student Card Router',
      text:
        `You have been invited to the European Student Card Router as ${role} of organisation ${row.organisation_id}.\n\n` +
        `Open this link within 72 hours to choose your password:\n${link}\n\n` +
        `The link works once. If you did not expect this invitation, ignore this message.\n`,
      category: 'invitation',
    };
  }

  private statusOf(row: InvitationRow, now: Date): InvitationStatus {
    if (row.accepted_at) return 'ACCEPTED';
    if (row.revoked_at) return 'REVOKED';
    if (new Date(row.expires_at).getTime() <= now.getTime()) return 'EXPIRED';

    return 'PENDING';
  }

  private toInvitation(row: InvitationRow, now: Date): Invitation {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      email: row.email,
      role: row.role,
      status: this.statusOf(row, now),
      invitedBy: row.invited_by,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
      acceptedUserId: row.accepted_user_id,
    };
  }
}
