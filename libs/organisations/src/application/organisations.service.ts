import { Injectable, Logger } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { IdentityFacade } from '@escr/identity';
import { checkIssuerEligibility } from '../domain/eligibility.js';
import { OrganisationsError } from '../domain/organisations.error.js';
import { LegalDocumentType, OrganisationStatus, OrganisationType } from '../domain/organisation.types.js';
import {
  LegalDocumentsAccepted,
  OrganisationActivated,
  OrganisationRef,
  OrganisationRegistered,
  OrganisationReinstated,
  OrganisationRejected,
  OrganisationSettingsChanged,
  OrganisationVetted,
} from '../events/organisation-events.js';
import { LegalAcceptanceEntity } from '../infrastructure/legal-acceptance.entity.js';
import { OrganisationAddress, OrganisationEntity } from '../infrastructure/organisation.entity.js';
import { LegalDocumentsService, RenderedLegalDocument } from './legal-documents.service.js';

export interface RegisterIssuer {
  name: string;
  pic: string;
  country: string;
  category: 'HEI' | 'PUBLIC_AUTHORITY';
  echeHolder: boolean;
  schacHomeOrganization?: string;
  website?: string;
  address?: OrganisationAddress;
  administratorEmail: string;
  administratorPassword: string;
}

export interface RegisterProcessor {
  name: string;
  vatNumber: string;
  country: string;
  website?: string;
  address?: OrganisationAddress;
  administratorEmail: string;
  administratorPassword: string;
}

export interface OrganisationSettings {
  /** Calendar date (YYYY-MM-DD) from which the organisation issues cards with the new ESC logo, or null. */
  newLogoAt?: string | null;
  publishDisplayName?: boolean;
}

export interface Acceptance {
  documentType: LegalDocumentType;
  version: number;
  sha256: string;
}

export function refOf(organisation: OrganisationEntity): OrganisationRef {
  return { organisationId: organisation.id, identifier: organisation.identifier, name: organisation.name, type: organisation.type };
}

@Injectable()
export class OrganisationsService {
  private readonly logger = new Logger(OrganisationsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly identity: IdentityFacade,
    private readonly legal: LegalDocumentsService,
    private readonly clock: Clock,
  ) {}

  /** Registers an HEI or public authority and its first user, who becomes the authorised person. */
  async registerIssuer(command: RegisterIssuer): Promise<OrganisationEntity> {
    const country = command.country.toUpperCase();
    const verdict = checkIssuerEligibility(country, command.echeHolder);
    if (!verdict.eligible) throw OrganisationsError.notEligible(verdict.reason);

    return this.create({
      type: command.category,
      identifier: command.pic,
      name: command.name,
      country,
      echeHolder: command.echeHolder,
      schacHomeOrganization: command.schacHomeOrganization,
      website: command.website,
      address: command.address,
      administratorEmail: command.administratorEmail,
      administratorPassword: command.administratorPassword,
    });
  }

  /**
   * Registers a processor, identified by its VAT number, and its first user, who becomes its authorised
   * person. Joins the caller's transaction, so the Processors context records it in the same commit.
   */
  async registerProcessor(command: RegisterProcessor): Promise<OrganisationEntity> {
    return this.create({
      type: 'PROCESSOR',
      identifier: command.vatNumber,
      name: command.name,
      country: command.country.toUpperCase(),
      echeHolder: false,
      website: command.website,
      address: command.address,
      administratorEmail: command.administratorEmail,
      administratorPassword: command.administratorPassword,
    });
  }

  private async create(command: {
    type: OrganisationType;
    identifier: string;
    name: string;
    country: string;
    echeHolder: boolean;
    schacHomeOrganization?: string;
    website?: string;
    address?: OrganisationAddress;
    administratorEmail: string;
    administratorPassword: string;
  }): Promise<OrganisationEntity> {
    return this.transactions.run(async () => {
      const repository = this.transactions.manager.getRepository(OrganisationEntity);
      if (await repository.existsBy({ identifier: command.identifier })) {
        throw command.type === 'PROCESSOR'
          ? OrganisationsError.vatNumberTaken(command.identifier)
          : OrganisationsError.picTaken(command.identifier);
      }

      const organisation = await repository.save(
        repository.create({
          type: command.type,
          identifier: command.identifier,
          name: command.name.trim(),
          country: command.country,
          echeHolder: command.echeHolder,
          status: 'PENDING_VETTING',
          schacHomeOrganization: command.schacHomeOrganization ?? null,
          website: command.website ?? null,
          address: command.address ?? null,
          newLogoAt: null,
          publishDisplayName: false,
          createdAt: this.clock.now(),
          vettedAt: null,
          discontinuedAt: null,
          rejectionReason: null,
          rejectedAt: null,
          reinstatedAt: null,
        }),
      );
      await this.identity.createAuthorisedPerson(organisation.id, command.administratorEmail, command.administratorPassword);
      this.transactions.record(new OrganisationRegistered({ ...refOf(organisation), country: command.country }));
      this.logger.log({ organisationId: organisation.id, type: organisation.type }, 'organisation registered');

      return organisation;
    });
  }

  /** Operations staff confirm that a registration is genuine. */
  async vet(organisationId: number): Promise<OrganisationEntity> {
    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      if (organisation.status !== 'PENDING_VETTING') {
        throw OrganisationsError.invalidTransition(organisationId, organisation.status, 'vetted');
      }

      organisation.status = 'LEGAL_PENDING';
      organisation.vettedAt = this.clock.now();
      await this.transactions.manager.save(organisation);
      this.transactions.record(new OrganisationVetted(refOf(organisation)));

      return organisation;
    });
  }

  /** Operations staff turn a registration down. Its users and API tokens stop working. */
  async reject(organisationId: number, reason: string): Promise<OrganisationEntity> {
    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      if (organisation.status !== 'PENDING_VETTING') {
        throw OrganisationsError.invalidTransition(organisationId, organisation.status, 'rejected');
      }

      organisation.status = 'REJECTED';
      organisation.rejectionReason = reason.trim();
      organisation.rejectedAt = this.clock.now();
      await this.transactions.manager.save(organisation);
      await this.identity.suspendOrganisation(organisationId);
      this.transactions.record(new OrganisationRejected({ ...refOf(organisation), reason: organisation.rejectionReason }));
      this.logger.log({ organisationId }, 'organisation registration rejected');

      return organisation;
    });
  }

  /**
   * Operations staff bring a discontinued organisation back. Its users and tokens work again, but it must
   * accept every current document again: acceptances from before the reinstatement no longer count.
   */
  async reinstate(organisationId: number): Promise<OrganisationEntity> {
    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      if (organisation.status !== 'DISCONTINUED') {
        throw OrganisationsError.invalidTransition(organisationId, organisation.status, 'reinstated');
      }

      organisation.status = 'LEGAL_PENDING';
      organisation.reinstatedAt = this.clock.now();
      organisation.discontinuedAt = null;
      await this.transactions.manager.save(organisation);
      await this.identity.reinstateOrganisation(organisationId);
      this.transactions.record(new OrganisationReinstated(refOf(organisation)));
      this.logger.log({ organisationId }, 'organisation reinstated');

      return organisation;
    });
  }

  /** Lists organisations in one status, oldest first, for the operations staff. */
  listByStatus(status: OrganisationStatus, limit = 100, offset = 0): Promise<OrganisationEntity[]> {
    return this.transactions.manager
      .getRepository(OrganisationEntity)
      .find({ where: { status }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
  }

  /** Sets the new-logo date and the display-name opt-in, recording OrganisationSettingsChanged when either changes. */
  async updateSettings(principal: Principal, organisationId: number, settings: OrganisationSettings): Promise<OrganisationEntity> {
    this.assertAuthorisedPerson(principal, organisationId);

    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      const newLogoAt = settings.newLogoAt === undefined ? organisation.newLogoAt : settings.newLogoAt;
      const publishDisplayName = settings.publishDisplayName ?? organisation.publishDisplayName;
      if (newLogoAt === organisation.newLogoAt && publishDisplayName === organisation.publishDisplayName) return organisation;

      organisation.newLogoAt = newLogoAt;
      organisation.publishDisplayName = publishDisplayName;
      await this.transactions.manager.save(organisation);
      this.transactions.record(new OrganisationSettingsChanged({ ...refOf(organisation), newLogoAt, publishDisplayName }));

      return organisation;
    });
  }

  async get(organisationId: number): Promise<OrganisationEntity> {
    const organisation = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation) throw OrganisationsError.notFound(organisationId);

    return organisation;
  }

  /** Returns the organisation when the principal acts for it, or is operations staff. */
  async getFor(principal: Principal, organisationId: number): Promise<OrganisationEntity> {
    if (principal.type === 'user' && principal.role === 'OPERATIONS') return this.get(organisationId);
    if (principal.organisationId !== organisationId) throw OrganisationsError.notMember(organisationId);

    return this.get(organisationId);
  }

  async legalDocuments(principal: Principal, organisationId: number): Promise<RenderedLegalDocument[]> {
    return this.legal.currentDocuments(await this.getFor(principal, organisationId));
  }

  /**
   * Records the authorised person's acceptance of the current documents. Each acceptance must quote the
   * SHA-256 of the text it accepted, so a text that changed since it was read is rejected as stale.
   */
  async acceptLegalDocuments(
    principal: Principal,
    organisationId: number,
    acceptances: Acceptance[],
    clientAddress: string,
  ): Promise<OrganisationEntity> {
    this.assertAuthorisedPerson(principal, organisationId);

    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      if (organisation.status === 'PENDING_VETTING') throw OrganisationsError.notVetted(organisationId);
      if (organisation.status === 'REJECTED') throw OrganisationsError.rejected(organisationId);
      if (organisation.status === 'DISCONTINUED') throw OrganisationsError.discontinued(organisationId);

      const current = await this.legal.currentDocuments(organisation);
      const now = this.clock.now();
      const repository = this.transactions.manager.getRepository(LegalAcceptanceEntity);
      for (const acceptance of acceptances) {
        const document = current.find((candidate) => candidate.documentType === acceptance.documentType);
        if (!document || document.version !== acceptance.version) {
          throw OrganisationsError.unknownDocument(acceptance.documentType, acceptance.version);
        }
        if (document.sha256 !== acceptance.sha256.toLowerCase()) {
          throw OrganisationsError.staleDocument(acceptance.documentType, acceptance.version);
        }
        if (document.accepted) continue;

        await repository.insert({
          organisationId,
          documentVersionId: document.versionId,
          userId: principal.userId,
          textSha256: document.sha256,
          acceptedAt: now,
          clientAddress,
        });
        document.accepted = true;
      }
      this.transactions.record(new LegalDocumentsAccepted({ ...refOf(organisation), userId: principal.userId, documents: acceptances }));

      if (organisation.status === 'LEGAL_PENDING' && current.every((document) => document.accepted)) {
        organisation.status = 'ACTIVE';
        await this.transactions.manager.save(organisation);
        this.transactions.record(new OrganisationActivated(refOf(organisation)));
        this.logger.log({ organisationId }, 'organisation activated');
      }

      return organisation;
    });
  }

  /** Fails unless the caller is a user, acting for this organisation, with the AUTHORISED_PERSON role. */
  assertAuthorisedPerson(principal: Principal, organisationId: number): asserts principal is Extract<Principal, { type: 'user' }> {
    if (principal.type !== 'user' || principal.organisationId !== organisationId) throw OrganisationsError.notMember(organisationId);
    if (principal.role !== 'AUTHORISED_PERSON') throw OrganisationsError.notAuthorisedPerson(organisationId);
  }

  async lockOrganisation(organisationId: number): Promise<OrganisationEntity> {
    const organisation = await this.transactions.manager
      .getRepository(OrganisationEntity)
      .findOne({ where: { id: organisationId }, lock: { mode: 'pessimistic_write' } });
    if (!organisation) throw OrganisationsError.notFound(organisationId);

    return organisation;
  }
}
