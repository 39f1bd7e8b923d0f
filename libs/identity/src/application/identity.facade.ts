import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';
import { OrganisationAccessEntity } from '../infrastructure/organisation-access.entity.js';
import { AccountsService } from './accounts.service.js';
import { PrincipalStatusCache } from './principal-status.cache.js';

/** What other contexts may ask of Identity. Every method joins the caller's transaction. */
@Injectable()
export class IdentityFacade {
  constructor(
    private readonly accounts: AccountsService,
    private readonly transactions: TransactionHost,
    private readonly status: PrincipalStatusCache,
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

  async reinstateOrganisation(organisationId: number): Promise<void> {
    await this.transactions.manager
      .getRepository(OrganisationAccessEntity)
      .upsert({ organisationId, suspendedAt: null }, ['organisationId']);
    this.status.forget();
  }
}
