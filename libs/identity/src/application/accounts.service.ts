import { Injectable, Logger } from '@nestjs/common';
import { Clock, Role, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { assertPasswordLength } from '../domain/password-policy.js';
import { UserAccountEntity } from '../infrastructure/user-account.entity.js';
import { AccessTokenService, ACCESS_TOKEN_TTL_SECONDS } from './access-token.service.js';
import { PasswordHasher } from './password-hasher.js';

export interface NewAccount {
  email: string;
  password: string;
  role: Role;
  organisationId: number | null;
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Normalises an e-mail address for uniqueness: trimmed and lowercased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenService,
    private readonly clock: Clock,
  ) {}

  /** Creates an active account with a password. Joins the caller's transaction. */
  async create(account: NewAccount): Promise<string> {
    assertPasswordLength(account.password);
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

  /** Checks the password and issues an access token. Unknown e-mail and wrong password fail alike. */
  async login(email: string, password: string): Promise<LoginResult> {
    const repository = this.transactions.manager.getRepository(UserAccountEntity);
    const user = await repository.findOneBy({ emailNormalised: normaliseEmail(email) });
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);

    if (!user || !valid || user.status !== 'ACTIVE') {
      this.logger.debug({ userId: user?.id }, 'login failed');
      throw IdentityError.invalidCredentials();
    }

    return {
      accessToken: this.accessTokens.issue(user.id, user.role, user.organisationId),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }
}
