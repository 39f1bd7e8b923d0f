import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionHost } from '@escr/kernel';
import { OrganisationsError } from '../domain/organisations.error.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';
import { LegalDocumentsService } from './legal-documents.service.js';
import { OrganisationSnapshot, toSnapshot } from './organisation-snapshot.js';

/** What other contexts may ask of Organisations & Legal. */
@Injectable()
export class OrganisationsFacade {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly legal: LegalDocumentsService,
  ) {}

  async findById(organisationId: number): Promise<OrganisationSnapshot | null> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });

    return entity ? toSnapshot(entity) : null;
  }

  /** Finds an organisation by PIC (issuers) or VAT number (processors). */
  async findByIdentifier(identifier: string): Promise<OrganisationSnapshot | null> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ identifier });

    return entity ? toSnapshot(entity) : null;
  }

  async findManyByIds(organisationIds: number[]): Promise<Map<number, OrganisationSnapshot>> {
    if (organisationIds.length === 0) return new Map();

    const entities = await this.transactions.manager
      .getRepository(OrganisationEntity)
      .findBy({ id: In([...new Set(organisationIds)]) });

    return new Map(entities.map((entity) => [entity.id, toSnapshot(entity)]));
  }

  /**
   * The legal gate: fails with 403 unless the organisation is vetted, not discontinued, and has accepted
   * the current version of every document it must accept. Applies to every cardholder and card operation.
   */
  async assertMayManageCards(organisationId: number): Promise<OrganisationSnapshot> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!entity) throw OrganisationsError.notFound(organisationId);
    if (entity.status === 'PENDING_VETTING') throw OrganisationsError.notVetted(organisationId);
    if (entity.status === 'DISCONTINUED') throw OrganisationsError.discontinued(organisationId);

    const missing = (await this.legal.currentDocuments(entity)).filter((document) => !document.accepted);
    if (missing.length > 0) {
      throw OrganisationsError.legalDocumentsNotAccepted(
        organisationId,
        missing.map((document) => `${document.title} version ${document.version}`),
      );
    }

    return toSnapshot(entity);
  }
}
