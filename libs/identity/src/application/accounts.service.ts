import { Injectable, Logger } from '@nestjs/common';
import { Clock, Role, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { lockoutDurationMs } from '../domain/login-lockout.js';
import { assertAcceptablePassword } from '../domain/password-policy.js';
import { UserAccountEntity } from '../infrastructure/user-account.entity.js';
import { AuditLog } from './audit-log.js';
import { PasswordHasher } from './password-hasher.js';
import { PrincipalStatusCache } from './principal-status.cache.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionsService, SessionTokens } from './sessions.service.js';

export interface NewAccount {
  email: string;
  password: string;
  role: Role;
  organisationId: number | null;
}

/** Normalises an e-mail address for uniqueness: trimmed and lowercased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type LoginOutcome = { ok: true; tokens: SessionTokens } | { ok: false };

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly rateLimiter: RateLimiter,
    private readonly status: PrincipalStatusCache,
    private readonly clock: Clock,
  ) {}

  /** Creates an active account after checking the password policy. Joins the caller's transaction. */
  async create(account: NewAccount): Promise<string> {
    assertAcceptablePassword(account.password, [account.email]);
    const passwordHash = await this.hasher.hash(account.password);

    return this.transactions.run(async () => {
      const repository = this.transactions.manager.getRepository(UserAccountEntity);
      const emailNormalised = normaliseEmail(account.email);
      if (await repository.existsBy({ emailNormalised })) throw IdentityError.emailTaken(account.email);

      const now = this.clock.now();
      const saved = await repository.save(
        repository.create({
          email: account.email.trim(),
          emailNormalised,
          passwordHash,
          role: account.role,
          organisationId: account.organisationId,
          status: 'ACTIVE',
          failedLogins: 0,
          lockedUntil: null,
          tokensValidAfter: new Date(now.getTime() - 1000),
          createdAt: now,
        }),
      );
      this.logger.log({ userId: saved.id, role: saved.role, organisationId: saved.organisationId }, 'account created');

      return saved.id;
    });
  }

  /**
   * Checks the password and opens a session. Unknown e-mail, wrong password, locked, disabled and
   * suspended accounts all fail with the same 401 after one argon2 verification, so that the response and
   * its timing do not tell whether the address has an account. Each wrong password locks the account
   * for 1 s, 2 s, 4 s, … up to 15 minutes; a correct password resets the count.
   */
  async login(email: string, password: string, clientAddress: string): Promise<SessionTokens> {
    await this.rateLimiter.consume('login', clientAddress);

    const outcome = await this.transactions.run(() => this.attemptLogin(email, password, clientAddress));
    if (!outcome.ok) throw IdentityError.invalidCredentials();

    return outcome.tokens;
  }

  private async attemptLogin(email: string, password: string, clientAddress: string): Promise<LoginOutcome> {
    const repository = this.transactions.manager.getRepository(UserAccountEntity);
    const user = await repository.findOne({
      where: { emailNormalised: normaliseEmail(email) },
      lock: { mode: 'pessimistic_write' },
    });
    const now = this.clock.now();

    if (user?.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
      await this.hasher.verify(null, password);
      await this.audit.record({
        action: 'login.locked-out',
        actorUserId: user.id,
        organisationId: user.organisationId,
        clientAddress,
        details: { lockedUntil: user.lockedUntil.toISOString() },
      });

      return { ok: false };
    }

    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid) {
      await this.recordFailure(user, now, clientAddress);

      return { ok: false };
    }
    const organisationActive = user.organisationId === null || (await this.status.isOrganisationActive(user.organisationId));
    if (user.status !== 'ACTIVE' || !organisationActive) {
      await this.audit.record({
        action: 'login.failed',
        actorUserId: user.id,
        organisationId: user.organisationId,
        clientAddress,
        details: { reason: user.status !== 'ACTIVE' ? 'user-disabled' : 'organisation-suspended' },
      });

      return { ok: false };
    }

    await repository.update({ id: user.id }, { failedLogins: 0, lockedUntil: null });
    const tokens = await this.sessions.start({ id: user.id, role: user.role, organisationId: user.organisationId });
    await this.audit.record({ action: 'login.succeeded', actorUserId: user.id, organisationId: user.organisationId, clientAddress });

    return { ok: true, tokens };
  }

  private async recordFailure(user: UserAccountEntity | null, now: Date, clientAddress: string): Promise<void> {
    if (!user) {
      await this.audit.record({ action: 'login.failed', clientAddress, details: { reason: 'unknown-email' } });
      this.logger.debug('login failed for an unknown e-mail address');

      return;
    }

    const failures = user.failedLogins + 1;
    const lockedUntil = new Date(now.getTime() + lockoutDurationMs(failures));
    await this.transactions.manager
      .getRepository(UserAccountEntity)
      .update({ id: user.id }, { failedLogins: failures, lockedUntil });
    await this.audit.record({
      action: 'login.failed',
      actorUserId: user.id,
      organisationId: user.organisationId,
      clientAddress,
      details: { reason: 'wrong-password', consecutiveFailures: failures, lockedUntil: lockedUntil.toISOString() },
    });
    this.logger.debug({ userId: user.id, failures }, 'login failed');
  }
}
