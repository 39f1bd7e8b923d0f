import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';
import { OrganisationAccessEntity } from '../infrastructure/organisation-access.entity.js';
import { AccountsService } from './accounts.service.js';
import { AuditLog } from './audit-log.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

/** What other contexts may ask of Identity. Every method joins the caller's transaction. */
@Injectable()
export class IdentityFacade {
  constructor(
    private readonly accounts: AccountsService,
    private readonly transactions: TransactionHost,
    private readonly status: PrincipalStatusCache,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Creates the first user of a newly registered organisation, who becomes its authorised person. */
  createAuthorisedPerson(organisationId: number, email: string, password: string): Promise<string> {
    return this.accounts.create({ email, password, role: 'AUTHORISED_PERSON', organisationId });
  }

  /** Creates a platform-wide operations account, for the operator command line. */
  createOperationsUser(email: string, password: string): Promise<string> {
    return this.accounts.create({ email, password, role: 'OPERATIONS', organisationId: null });
  }

  /** Stops every user and API token of an organisation. */
  async suspendOrganisation(organisationId: number): Promise<void> {
    await this.transactions.manager
      .getRepository(OrganisationAccessEntity)
      .upsert({ organisationId, suspendedAt: this.clock.now() }, ['organisationId']);
    this.status.forget();
  }

  /** Returns the e-mail addresses of the active users of each organisation, keyed by organisation id. */
  async listActiveUserEmails(organisationIds: number[]): Promise<Map<number, string[]>> {
    const emails = new Map<number, string[]>();
    if (organisationIds.length === 0) return emails;

    const rows: { organisation_id: number; email: string }[] = await this.transactions.manager.query(
      `SELECT organisation_id, email FROM identity.user_account
        WHERE organisation_id = ANY($1::integer[]) AND status = 'ACTIVE'
        ORDER BY organisation_id, created_at`,
      [organisationIds],
    );
    for (const row of rows) emails.set(row.organisation_id, [...(emails.get(row.organisation_id) ?? []), row.email]);

    return emails;
  }

  async reinstateOrganisation(organisationId: number): Promise<void> {
    await this.transactions.manager
      .getRepository(OrganisationAccessEntity)
      .upsert({ organisationId, suspendedAt: null }, ['organisationId']);
    this.status.forget();
  }

  /**
   * Audits a read of card or cardholder data by operations staff for support. Card routes do not admit
   * the OPERATIONS role, so any support tool that reads such data must call this in its transaction.
   */
  async recordSupportRead(read: { userId: string; organisationId: number; subjectId: string; reason: string; clientAddress: string }): Promise<void> {
    await this.audit.record({
      action: 'support.data-read',
      actorUserId: read.userId,
      organisationId: read.organisationId,
      subjectId: read.subjectId,
      clientAddress: read.clientAddress,
      details: { reason: read.reason },
    });
  }
}
