import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock, TransactionHost } from '@escr/kernel';
import { LEGAL_DOCUMENT_TITLES, LegalDocumentType, requiredDocuments } from '../domain/organisation.types.js';
import { JcaProcessorEntity } from '../infrastructure/jca-processor.entity.js';
import { LegalAcceptanceEntity } from '../infrastructure/legal-acceptance.entity.js';
import { LegalDocumentVersionEntity } from '../infrastructure/legal-document-version.entity.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';

/** A legal document as one organisation must accept it. */
export interface RenderedLegalDocument {
  documentType: LegalDocumentType;
  title: string;
  version: number;
  versionId: number;
  publishedAt: Date;
  acceptanceDeadline: Date;
  text: string;
  sha256: string;
  accepted: boolean;
}

function formatAddress(organisation: OrganisationEntity): string {
  const address = organisation.address;
  if (!address) return 'not given';

  const parts = [
    [address.streetName, address.houseNumber].filter(Boolean).join(' '),
    address.addressDetails,
    address.cityName,
    address.province,
    address.country ?? organisation.country,
  ];

  return parts.filter((part) => part && part.length > 0).join(', ');
}

/** Renders document templates per organisation and tells which current versions it has accepted. */
@Injectable()
export class LegalDocumentsService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Renders the current version of every document the organisation must accept, with its SHA-256. */
  async currentDocuments(organisation: OrganisationEntity): Promise<RenderedLegalDocument[]> {
    const manager = this.transactions.manager;
    const types = requiredDocuments(organisation.type);
    const versions: LegalDocumentVersionEntity[] = await manager.query(
      `SELECT DISTINCT ON (document_type) id, document_type AS "documentType", version, body,
              published_at AS "publishedAt", acceptance_deadline AS "acceptanceDeadline"
         FROM organisations.legal_document_version
        WHERE document_type = ANY($1) AND published_at <= $2
        ORDER BY document_type, version DESC`,
      [types, this.clock.now()],
    );
    const acceptances = (await manager.getRepository(LegalAcceptanceEntity).findBy({ organisationId: organisation.id })).filter(
      (acceptance) => !organisation.reinstatedAt || acceptance.acceptedAt >= organisation.reinstatedAt,
    );
    const processors = await manager
      .getRepository(JcaProcessorEntity)
      .find({ where: { issuerOrganisationId: organisation.id }, order: { position: 'ASC' } });

    return versions
      .sort((left, right) => types.indexOf(left.documentType) - types.indexOf(right.documentType))
      .map((version) => {
        const text = this.render(version.body, organisation, processors);
        const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');

        return {
          documentType: version.documentType,
          title: LEGAL_DOCUMENT_TITLES[version.documentType],
          version: version.version,
          versionId: version.id,
          publishedAt: new Date(version.publishedAt),
          acceptanceDeadline: new Date(version.acceptanceDeadline),
          text,
          sha256,
          accepted: acceptances.some(
            (acceptance) => acceptance.documentVersionId === version.id && acceptance.textSha256 === sha256,
          ),
        };
      });
  }

  /**
   * Renders one document version for many organisations at once, with four queries whatever their number,
   * for mailings. The `accepted` flag is not computed and is always false.
   */
  async renderVersionFor(versionId: number, organisations: OrganisationEntity[]): Promise<Map<number, RenderedLegalDocument>> {
    const manager = this.transactions.manager;
    const version = await manager.getRepository(LegalDocumentVersionEntity).findOneByOrFail({ id: versionId });
    const processors = await manager.getRepository(JcaProcessorEntity).find({
      where: { issuerOrganisationId: In(organisations.map((organisation) => organisation.id)) },
      order: { position: 'ASC' },
    });
    const rendered = new Map<number, RenderedLegalDocument>();
    for (const organisation of organisations) {
      const text = this.render(
        version.body,
        organisation,
        processors.filter((processor) => processor.issuerOrganisationId === organisation.id),
      );
      rendered.set(organisation.id, {
        documentType: version.documentType,
        title: LEGAL_DOCUMENT_TITLES[version.documentType],
        version: version.version,
        versionId: version.id,
        publishedAt: new Date(version.publishedAt),
        acceptanceDeadline: new Date(version.acceptanceDeadline),
        text,
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        accepted: false,
      });
    }

    return rendered;
  }

  private render(body: string, organisation: OrganisationEntity, processors: JcaProcessorEntity[]): string {
    const values: Record<string, string> = {
      'organisation.name': organisation.name,
      'organisation.identifier': organisation.identifier,
      'organisation.country': organisation.country,
      'organisation.address': formatAddress(organisation),
      processors:
        processors.length === 0
          ? 'No processor acts for this organisation.'
          : processors
              .map((processor) => `- ${processor.name}, VAT number ${processor.vatNumber}, address: ${processor.address}`)
              .join('\n'),
    };

    return body.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (placeholder, key: string) => values[key] ?? placeholder);
  }
}
