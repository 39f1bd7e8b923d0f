import { Injectable, Logger } from '@nestjs/common';
import { Clock, Role, TransactionHost } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';
import { UserAccountEntity, UserStatus } from '../infrastructure/user-account.entity.js';
import { Actor } from './actor.js';
import { AuditLog } from './audit-log.js';
import { SessionsService } from './sessions.service.js';

/** Roles an organisation's users may hold. */
export type OrganisationRole = Exclude<Role, 'OPERATIONS'>;

/**
 * The users of an organisation. Every change keeps at least one active AUTHORISED_PERSON per
 * organisation: the organisation's accounts are locked (SELECT … FOR UPDATE) before counting, so two
 * concurrent changes cannot both remove the last one.
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(organisationId: number): Promise<UserAccountEntity[]> {
    return this.transactions.manager
      .getRepository(UserAccountEntity)
      .find({ where: { organisationId }, order: { createdAt: 'ASC', emailNormalised: 'ASC' } });
  }

  /** Changes a user's role and ends their sessions, because access tokens carry the role. */
  changeRole(actor: Actor, organisationId: number, userId: string, role: OrganisationRole): Promise<UserAccountEntity> {
    return this.transactions.run(async () => {
      const { target, others } = await this.lockOrganisationUsers(organisationId, userId);
      if (target.role === role) return target;
      if (target.role === 'AUTHORISED_PERSON' && target.status === 'ACTIVE') this.assertAnotherAuthorisedPerson(target, others);

      const previous = target.role;
      await this.repository().update({ id: target.id }, { role });
      await this.sessions.revokeAllForUser(target.id, 'role-changed');
      await this.audit.record({
        action: 'user.role-changed',
        actorUserId: actor.userId,
        organisationId,
        subjectId: target.id,
        clientAddress: actor.clientAddress,
        details: { from: previous, to: role },
      });
      this.logger.log({ userId: target.id, organisationId, from: previous, to: role }, 'role changed');

      return { ...target, role };
    });
  }

  /** Disables a user: their sessions end at once and their access tokens stop within one second. */
  disable(actor: Actor, organisationId: number, userId: string): Promise<UserAccountEntity> {
    return this.transactions.run(async () => {
      const { target, others } = await this.lockOrganisationUsers(organisationId, userId);
      if (target.status === 'DISABLED') return target;
      if (target.role === 'AUTHORISED_PERSON') this.assertAnotherAuthorisedPerson(target, others);

      await this.setStatus(target, 'DISABLED');
      await this.sessions.revokeAllForUser(target.id, 'user-disabled');
      await this.recordStatusChange(actor, organisationId, target.id, 'user.disabled');

      return { ...target, status: 'DISABLED' as const };
    });
  }

  /** Enables a disabled user and clears their failed-login count. They log in again with their password. */
  enable(actor: Actor, organisationId: number, userId: string): Promise<UserAccountEntity> {
    return this.transactions.run(async () => {
      const { target } = await this.lockOrganisationUsers(organisationId, userId);
      if (target.status === 'ACTIVE') return target;

      await this.setStatus(target, 'ACTIVE');
      await this.repository().update({ id: target.id }, { failedLogins: 0, lockedUntil: null });
      await this.recordStatusChange(actor, organisationId, target.id, 'user.enabled');

      return { ...target, status: 'ACTIVE' as const };
    });
  }

  private async lockOrganisationUsers(
    organisationId: number,
    userId: string,
  ): Promise<{ target: UserAccountEntity; others: UserAccountEntity[] }> {
    const users = await this.repository().find({
      where: { organisationId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const target = users.find((user) => user.id === userId);
    if (!target) throw IdentityError.userNotFound(userId, organisationId);

    return { target, others: users.filter((user) => user.id !== userId) };
  }

  private assertAnotherAuthorisedPerson(target: UserAccountEntity, others: UserAccountEntity[]): void {
    const remaining = others.some((user) => user.role === 'AUTHORISED_PERSON' && user.status === 'ACTIVE');
    if (!remaining) throw IdentityError.lastAuthorisedPerson(target.id, target.organisationId ?? 0);
  }

  private async setStatus(target: UserAccountEntity, status: UserStatus): Promise<void> {
    await this.repository().update({ id: target.id }, { status, tokensValidAfter: this.clock.now() });
  }

  private async recordStatusChange(
    actor: Actor,
    organisationId: number,
    userId: string,
    action: 'user.disabled' | 'user.enabled',
  ): Promise<void> {
    await this.audit.record({ action, actorUserId: actor.userId, organisationId, subjectId: userId, clientAddress: actor.clientAddress });
    this.logger.log({ userId, organisationId, actorUserId: actor.userId }, action);
  }

  private repository() {
    return this.transactions.manager.getRepository(UserAccountEntity);
  }
}
