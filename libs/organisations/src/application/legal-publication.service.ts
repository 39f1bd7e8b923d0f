import { Injectable, Logger } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';
import { LEGAL_DOCUMENT_TITLES, LegalDocumentType } from '../domain/organisation.types.js';
import { OrganisationsError } from '../domain/organisations.error.js';
import { LegalDocumentPublished } from '../events/organisation-events.js';
import { AcceptancePeriodEntity } from '../infrastructure/acceptance-period.entity.js';
import { LegalDocumentVersionEntity } from '../infrastructure/legal-document-version.entity.js';

export interface PublishLegalDocument {
  documentType: LegalDocumentType;
  /** Markdown. The JCA may use {{organisation.name}}, {{organisation.identifier}}, {{organisation.country}}, {{organisation.address}} and {{processors}}. */
  text: string;
  publishedAt: Date;
  acceptanceDeadline: Date;
}

export type AcceptancePeriodState = 'SCHEDULED' | 'OPEN' | 'CLOSED' | 'SUPERSEDED';

export interface AcceptancePeriodSummary {
  id: number;
  documentType: LegalDocumentType;
  title: string;
  version: number;
  opensAt: Date;
  deadline: Date;
  state: AcceptancePeriodState;
  /** Notices decided so far, by stage: ANNOUNCEMENT, REMINDER_<days>D, DISCONTINUATION. */
  notices: Record<string, number>;
}

const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;
const KNOWN_PLACEHOLDERS = new Set(['organisation.name', 'organisation.identifier', 'organisation.country', 'organisation.address', 'processors']);

/** Publishes legal document versions, each opening an acceptance period, and lists the periods. */
@Injectable()
export class LegalPublicationService {
  private readonly logger = new Logger(LegalPublicationService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Publishes the next version of a document type and opens its acceptance period. */
  async publish(command: PublishLegalDocument): Promise<AcceptancePeriodSummary> {
    const now = this.clock.now();
    this.validate(command, now);

    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`organisations.publish.${command.documentType}`]);
      const latest = await manager
        .getRepository(LegalDocumentVersionEntity)
        .findOne({ where: { documentType: command.documentType }, order: { version: 'DESC' } });
      if (latest && command.publishedAt < latest.publishedAt) {
        throw OrganisationsError.invalidPublication(
          'publishedAt',
          command.publishedAt.toISOString(),
          `must not be before the publication of version ${latest.version} (${latest.publishedAt.toISOString()})`,
        );
      }

      const version = await manager.getRepository(LegalDocumentVersionEntity).save({
        documentType: command.documentType,
        version: (latest?.version ?? 0) + 1,
        body: command.text,
        publishedAt: command.publishedAt,
        acceptanceDeadline: command.acceptanceDeadline,
      });
      const period = await manager.getRepository(AcceptancePeriodEntity).save({
        documentVersionId: version.id,
        opensAt: command.publishedAt,
        deadline: command.acceptanceDeadline,
        createdAt: now,
      });
      this.transactions.record(
        new LegalDocumentPublished({
          documentType: version.documentType,
          version: version.version,
          periodId: period.id,
          publishedAt: version.publishedAt.toISOString(),
          acceptanceDeadline: version.acceptanceDeadline.toISOString(),
        }),
      );
      this.logger.log({ documentType: version.documentType, version: version.version, periodId: period.id }, 'legal document published');

      return (await this.listPeriods()).find((summary) => summary.id === period.id)!;
    });
  }

  /** Lists every acceptance period, newest first, with the notices decided in each. */
  async listPeriods(): Promise<AcceptancePeriodSummary[]> {
    const rows: {
      id: number;
      document_type: LegalDocumentType;
      version: number;
      opens_at: Date;
      deadline: Date;
      superseded: boolean;
      notices: Record<string, number> | null;
    }[] = await this.transactions.manager.query(
      `SELECT p.id, v.document_type, v.version, p.opens_at, p.deadline,
              EXISTS (SELECT 1 FROM organisations.legal_document_version newer
                       WHERE newer.document_type = v.document_type AND newer.version > v.version
                         AND newer.published_at <= $1) AS superseded,
              (SELECT jsonb_object_agg(stage, count) FROM (
                 SELECT stage, count(*)::integer AS count FROM organisations.acceptance_notice n
                  WHERE n.period_id = p.id GROUP BY stage) AS counts) AS notices
         FROM organisations.acceptance_period p
         JOIN organisations.legal_document_version v ON v.id = p.document_version_id
        ORDER BY p.id DESC`,
      [this.clock.now()],
    );
    const now = this.clock.now();

    return rows.map((row) => ({
      id: row.id,
      documentType: row.document_type,
      title: LEGAL_DOCUMENT_TITLES[row.document_type],
      version: row.version,
      opensAt: new Date(row.opens_at),
      deadline: new Date(row.deadline),
      state: row.superseded
        ? 'SUPERSEDED'
        : now < new Date(row.opens_at)
          ? 'SCHEDULED'
          : now < new Date(row.deadline)
            ? 'OPEN'
            : 'CLOSED',
      notices: row.notices ?? {},
    }));
  }

  private validate(command: PublishLegalDocument, now: Date): void {
    if (command.text.trim().length === 0) {
      throw OrganisationsError.invalidPublication('text', '(empty)', 'give the Markdown text of the new version');
    }
    for (const [, key] of command.text.matchAll(PLACEHOLDER)) {
      if (!KNOWN_PLACEHOLDERS.has(key)) {
        throw OrganisationsError.invalidPublication(
          'placeholder',
          `{{${key}}}`,
          `use only ${[...KNOWN_PLACEHOLDERS].map((name) => `{{${name}}}`).join(', ')}`,
        );
      }
    }
    if (command.acceptanceDeadline <= command.publishedAt) {
      throw OrganisationsError.invalidPublication(
        'acceptanceDeadline',
        command.acceptanceDeadline.toISOString(),
        `must be after publishedAt (${command.publishedAt.toISOString()})`,
      );
    }
    if (command.acceptanceDeadline <= now) {
      throw OrganisationsError.invalidPublication(
        'acceptanceDeadline',
        command.acceptanceDeadline.toISOString(),
        `must be in the future (now is ${now.toISOString()})`,
      );
    }
  }
}
