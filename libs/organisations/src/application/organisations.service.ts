import { Injectable, Logger } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { IdentityFacade } from '@escr/identity';
import { checkIssuerEligibility } from '../domain/eligibility.js';
import { OrganisationsError } from '../domain/organisations.error.js';
import { LegalDocumentType } from '../domain/organisation.types.js';
import {
  LegalDocumentsAccepted,
  OrganisationActivated,
  OrganisationRef,
  OrganisationRegistered,
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

export interface Acceptance {
  documentType: LegalDocumentType;
  version: number;
  sha256: string;
}

function refOf(organisation: OrganisationEntity): OrganisationRef {
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

    return this.transactions.run(async () => {
      const repository = this.transactions.manager.getRepository(OrganisationEntity);
      if (await repository.existsBy({ identifier: command.pic })) throw OrganisationsError.picTaken(command.pic);

      const organisation = await repository.save(
        repository.create({
          type: command.category,
          identifier: command.pic,
          name: command.name.trim(),
          country,
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
        }),
      );
      await this.identity.createAuthorisedPerson(organisation.id, command.administratorEmail, command.administratorPassword);
      this.transactions.record(new OrganisationRegistered({ ...refOf(organisation), country }));
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
    if (principal.type !== 'user' || principal.organisationId !== organisationId) {
      throw OrganisationsError.notMember(organisationId);
    }

    return this.transactions.run(async () => {
      const organisation = await this.lockOrganisation(organisationId);
      if (organisation.status === 'PENDING_VETTING') throw OrganisationsError.notVetted(organisationId);
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

  private async lockOrganisation(organisationId: number): Promise<OrganisationEntity> {
    const organisation = await this.transactions.manager
      .getRepository(OrganisationEntity)
      .findOne({ where: { id: organisationId }, lock: { mode: 'pessimistic_write' } });
    if (!organisation) throw OrganisationsError.notFound(organisationId);

    return organisation;
  }
}
