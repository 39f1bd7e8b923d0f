import { Injectable, Logger } from '@nestjs/common';
import { ApiTokenScope, Clock, Principal, TransactionHost } from '@escr/kernel';
import { generateApiToken, hashApiToken, isWellFormedApiToken } from '../domain/api-token-format.js';
import { IdentityError } from '../domain/identity.error.js';
import { ApiTokenEntity } from '../infrastructure/api-token.entity.js';
import { Actor } from './actor.js';
import { AuditLog } from './audit-log.js';
import { PrincipalStatusCache, STATUS_CACHE_TTL_MS } from './principal-status.cache.js';

/** last_used_at is written at most this often per token, so that busy tokens do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  token: ApiTokenEntity;
  secret: string;
}

/** Returns the same instant one calendar year later: the latest expiry a new token may have. */
function oneYearAfter(instant: Date): Date {
  const limit = new Date(instant);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);

  return limit;
}

/**
 * API tokens of organisations, for their card management systems. The secret is returned once, at
 * creation or regeneration, and stored only as its SHA-256 hash. A token works only while its
 * organisation is not suspended and the user who created or last regenerated it is not disabled.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger(ApiTokensService.name);
  /**
   * Tokens found by hash in the last STATUS_CACHE_TTL_MS, so a card management system's burst costs one
   * read. Revoking or regenerating clears this instance's entries; other instances notice within the TTL.
   */
  private readonly recent = new Map<string, { token: ApiTokenEntity; cachedUntil: number }>();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly status: PrincipalStatusCache,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, organisationId: number, name: string, expiresAt: Date): Promise<CreatedApiToken> {
    const now = this.clock.now();
    if (expiresAt.getTime() <= now.getTime()) throw IdentityError.invalidExpiry('must be in the future');
    if (expiresAt.getTime() > oneYearAfter(now).getTime()) {
      throw IdentityError.invalidExpiry(`must be at most one year ahead, on or before ${oneYearAfter(now).toISOString()}`);
    }

    return this.transactions.run(async () => {
      const secret = generateApiToken();
      const repository = this.transactions.manager.getRepository(ApiTokenEntity);
      const token = await repository.save(
        repository.create({
          organisationId,
          name,
          tokenHash: hashApiToken(secret),
          scopes: ['cards'],
          createdBy: actor.userId,
          createdAt: now,
          expiresAt,
          lastUsedAt: null,
          revokedAt: null,
          regeneratedAt: null,
        }),
      );
      await this.recordAudit('api-token.created', actor, organisationId, token.id, { name, expiresAt: expiresAt.toISOString() });

      return { token, secret };
    });
  }

  list(organisationId: number): Promise<ApiTokenEntity[]> {
    return this.transactions.manager
      .getRepository(ApiTokenEntity)
      .find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  revoke(actor: Actor, organisationId: number, tokenId: string): Promise<void> {
    return this.transactions.run(async () => {
      const token = await this.findForUpdate(organisationId, tokenId);
      if (token.revokedAt) return;

      await this.transactions.manager.getRepository(ApiTokenEntity).update({ id: tokenId }, { revokedAt: this.clock.now() });
      await this.recordAudit('api-token.revoked', actor, organisationId, tokenId, {});
      this.recent.clear();
    });
  }

  /** Replaces the secret of a live token. The old secret stops working when this commits. */
  regenerate(actor: Actor, organisationId: number, tokenId: string): Promise<CreatedApiToken> {
    return this.transactions.run(async () => {
      const token = await this.findForUpdate(organisationId, tokenId);
      const now = this.clock.now();
      if (token.revokedAt || token.expiresAt.getTime() <= now.getTime()) throw IdentityError.tokenNotFound(tokenId);

      const secret = generateApiToken();
      const tokenHash = hashApiToken(secret);
      // The regenerating user becomes the token's owner, so a colleague can take over the token of a user
      // who is about to be disabled.
      await this.transactions.manager
        .getRepository(ApiTokenEntity)
        .update({ id: tokenId }, { tokenHash, regeneratedAt: now, createdBy: actor.userId });
      await this.recordAudit('api-token.regenerated', actor, organisationId, tokenId, {});
      this.recent.clear();

      return { token: { ...token, tokenHash, regeneratedAt: now, createdBy: actor.userId }, secret };
    });
  }

  /** Resolves a presented secret to its principal, or fails with 401. Audits the first use of each token. */
  async authenticate(secret: string, clientAddress: string): Promise<Principal> {
    if (!isWellFormedApiToken(secret)) throw IdentityError.invalidToken();

    const repository = this.transactions.manager.getRepository(ApiTokenEntity);
    const token = await this.findByHash(hashApiToken(secret));
    const now = this.clock.now();
    if (!token || token.revokedAt || token.expiresAt.getTime() <= now.getTime()) throw IdentityError.invalidToken();
    if (!(await this.status.isOrganisationActive(token.organisationId))) throw IdentityError.invalidToken();
    if (!(await this.status.isUserActive(token.createdBy))) throw IdentityError.invalidToken();

    if (!token.lastUsedAt) {
      await this.recordFirstUse(token, now, clientAddress);
      token.lastUsedAt = now;
    } else if (now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await repository.update({ id: token.id }, { lastUsedAt: now });
      token.lastUsedAt = now;
    }

    return { type: 'api-token', tokenId: token.id, organisationId: token.organisationId, scopes: token.scopes as ApiTokenScope[] };
  }

  private async findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    const cached = this.recent.get(tokenHash);
    if (cached && cached.cachedUntil > Date.now()) return cached.token;

    const token = await this.transactions.manager.getRepository(ApiTokenEntity).findOneBy({ tokenHash });
    if (this.recent.size > 10_000) this.recent.clear();
    if (token) this.recent.set(tokenHash, { token, cachedUntil: Date.now() + STATUS_CACHE_TTL_MS });

    return token;
  }

  private async recordFirstUse(token: ApiTokenEntity, now: Date, clientAddress: string): Promise<void> {
    await this.transactions.run(async () => {
      const [rows]: [unknown[], number] = await this.transactions.manager.query(
        'UPDATE identity.api_token SET last_used_at = $2 WHERE id = $1 AND last_used_at IS NULL RETURNING id',
        [token.id, now],
      );
      if (rows.length === 0) return;

      await this.audit.record({
        action: 'api-token.first-used',
        actorApiTokenId: token.id,
        organisationId: token.organisationId,
        subjectId: token.id,
        clientAddress,
      });
    });
  }

  private async findForUpdate(organisationId: number, tokenId: string): Promise<ApiTokenEntity> {
    const token = await this.transactions.manager
      .getRepository(ApiTokenEntity)
      .findOne({ where: { id: tokenId, organisationId }, lock: { mode: 'pessimistic_write' } });
    if (!token) throw IdentityError.tokenNotFound(tokenId);

    return token;
  }

  private async recordAudit(
    action: 'api-token.created' | 'api-token.revoked' | 'api-token.regenerated',
    actor: Actor,
    organisationId: number,
    tokenId: string,
    details: Record<string, string>,
  ): Promise<void> {
    await this.audit.record({ action, actorUserId: actor.userId, organisationId, subjectId: tokenId, clientAddress: actor.clientAddress, details });
    this.logger.log({ tokenId, organisationId, actorUserId: actor.userId }, action);
  }
}
