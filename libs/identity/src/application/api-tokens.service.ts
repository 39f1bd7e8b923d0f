import { Injectable, Logger } from '@nestjs/common';
import { ApiTokenScope, Clock, Principal, TransactionHost } from '@escr/kernel';
import { generateApiToken, hashApiToken, isWellFormedApiToken } from '../domain/api-token-format.js';
import { IdentityError } from '../domain/identity.error.js';
import { ApiTokenEntity } from '../infrastructure/api-token.entity.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

/** Longest lifetime of an API token: one year. */
const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 3600 * 1000;
/** last_used_at is written at most this often per token, so that busy tokens do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  token: ApiTokenEntity;
  secret: string;
}

@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger(ApiTokensService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly status: PrincipalStatusCache,
    private readonly clock: Clock,
  ) {}

  async create(organisationId: number, createdBy: string, name: string, expiresAt: Date): Promise<CreatedApiToken> {
    const now = this.clock.now();
    if (expiresAt.getTime() <= now.getTime()) throw IdentityError.invalidExpiry('must be in the future');
    if (expiresAt.getTime() - now.getTime() > MAX_TOKEN_LIFETIME_MS) {
      throw IdentityError.invalidExpiry('must be at most one year ahead');
    }

    const secret = generateApiToken();
    const repository = this.transactions.manager.getRepository(ApiTokenEntity);
    const token = await repository.save(
      repository.create({
        organisationId,
        name,
        tokenHash: hashApiToken(secret),
        scopes: ['cards'],
        createdBy,
        createdAt: now,
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    this.logger.log({ tokenId: token.id, organisationId }, 'api token created');

    return { token, secret };
  }

  list(organisationId: number): Promise<ApiTokenEntity[]> {
    return this.transactions.manager
      .getRepository(ApiTokenEntity)
      .find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  async revoke(organisationId: number, tokenId: string): Promise<void> {
    const repository = this.transactions.manager.getRepository(ApiTokenEntity);
    const token = await repository.findOneBy({ id: tokenId, organisationId });
    if (!token) throw IdentityError.tokenNotFound(tokenId);

    if (!token.revokedAt) await repository.update({ id: tokenId }, { revokedAt: this.clock.now() });
    this.logger.log({ tokenId, organisationId }, 'api token revoked');
  }

  /** Resolves a presented secret to its principal, or fails with 401. */
  async authenticate(secret: string): Promise<Principal> {
    if (!isWellFormedApiToken(secret)) throw IdentityError.invalidToken();

    const repository = this.transactions.manager.getRepository(ApiTokenEntity);
    const token = await repository.findOneBy({ tokenHash: hashApiToken(secret) });
    const now = this.clock.now();
    if (!token || token.revokedAt || token.expiresAt.getTime() <= now.getTime()) throw IdentityError.invalidToken();
    if (!(await this.status.isOrganisationActive(token.organisationId))) throw IdentityError.invalidToken();

    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await repository.update({ id: token.id }, { lastUsedAt: now });
    }

    return { type: 'api-token', tokenId: token.id, organisationId: token.organisationId, scopes: token.scopes as ApiTokenScope[] };
  }
}
