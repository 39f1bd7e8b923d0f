import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { AppConfig, Clock, MailQueue, TransactionHost } from '@escr/kernel';
import { IdentityFacade } from '@escr/identity';
import { LEGAL_DOCUMENT_TITLES, LegalDocumentType, typesRequiring } from '../domain/organisation.types.js';
import { OrganisationDiscontinued } from '../events/organisation-events.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';
import { LegalDocumentsService, RenderedLegalDocument } from './legal-documents.service.js';
import { announcementMail, discontinuationMail, NoticeContext, reminderMail } from './legal-notice-mail.js';
import { refOf } from './organisations.service.js';

const DAY_MS = 24 * 3600 * 1000;
/** Organisations decided per transaction: large enough to amortise the queries, small enough to keep locks short. */
const BATCH_SIZE = 50;

/** A notice the job would decide now: the stage is ANNOUNCEMENT, REMINDER_<days>D or DISCONTINUATION. */
export interface DueNotice {
  periodId: number;
  documentType: LegalDocumentType;
  version: number;
  deadline: Date;
  organisationId: number;
  organisationName: string;
  stage: string;
}

export interface DueNoticePreview extends DueNotice {
  recipients: string[];
}

export interface DeadlineRunReport {
  decided: number;
  skipped: number;
  announcements: number;
  reminders: number;
  discontinuations: number;
}

interface OpenPeriod {
  id: number;
  document_version_id: number;
  document_type: LegalDocumentType;
  version: number;
  opens_at: Date;
  deadline: Date;
}

interface AffectedOrganisation {
  id: number;
  name: string;
  accepted: boolean;
  stages: string[];
  announced_at: Date | null;
}

/** SQL condition: the organisation accepted the period's version, or a later one, since its last reinstatement. */
const ACCEPTED_SINCE_REINSTATEMENT = `EXISTS (
  SELECT 1 FROM organisations.legal_acceptance a
    JOIN organisations.legal_document_version accepted ON accepted.id = a.document_version_id
   WHERE a.organisation_id = o.id AND accepted.document_type = $1 AND accepted.version >= $2
     AND a.accepted_at >= COALESCE(o.reinstated_at, '-infinity'::timestamptz))`;

/**
 * Decides the notices of every open acceptance period: the announcement to every affected organisation,
 * reminders at LEGAL_REMINDER_DAYS before the deadline to those that have not accepted, and at the
 * deadline their discontinuation. Each decision inserts one acceptance_notice row, keyed by organisation,
 * period and stage, and queues its e-mails in the same transaction, so each notice is decided once however
 * many instances run the job.
 *
 * An organisation is affected by a period when it is vetted, not discontinued, must accept the document
 * type, and was vetted or last reinstated before the period opened. Organisations vetted or reinstated
 * later must accept before they manage cards, but no deadline applies to them.
 */
@Injectable()
export class AcceptanceDeadlinesService {
  private readonly logger = new Logger(AcceptanceDeadlinesService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly identity: IdentityFacade,
    private readonly legal: LegalDocumentsService,
    private readonly mail: MailQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Lists the notices that a run now would decide, with their recipients, without changing anything. */
  async preview(): Promise<DueNoticePreview[]> {
    const now = this.clock.now();
    const due: DueNotice[] = [];
    for (const period of await this.openPeriods(now)) {
      for (const organisation of await this.affectedOrganisations(period)) {
        const stage = this.stageDue(period, organisation, now);
        if (stage) due.push(this.noticeOf(period, organisation, stage));
      }
    }
    const emails = await this.identity.listActiveUserEmails([...new Set(due.map((notice) => notice.organisationId))]);

    return due.map((notice) => ({ ...notice, recipients: emails.get(notice.organisationId) ?? [] }));
  }

  /** Decides every notice that is due now. Runs may overlap, because the acceptance_notice primary key lets each notice be decided once. */
  async runDue(): Promise<DeadlineRunReport> {
    const report: DeadlineRunReport = { decided: 0, skipped: 0, announcements: 0, reminders: 0, discontinuations: 0 };
    for (const period of await this.openPeriods(this.clock.now())) {
      const now = this.clock.now();
      const due = (await this.affectedOrganisations(period))
        .filter((organisation) => this.stageDue(period, organisation, now) !== null)
        .map((organisation) => organisation.id);

      for (let offset = 0; offset < due.length; offset += BATCH_SIZE) {
        const batch = due.slice(offset, offset + BATCH_SIZE);
        const decided = await this.decideBatchOrEach(period, batch);
        report.skipped += batch.length - decided.length;
        for (const notice of decided) {
          report.decided += 1;
          if (notice.stage === 'ANNOUNCEMENT') report.announcements += 1;
          else if (notice.stage === 'DISCONTINUATION') report.discontinuations += 1;
          else report.reminders += 1;
        }
      }
    }
    if (report.decided > 0) this.logger.log(report, 'acceptance notices decided');

    return report;
  }

  private noticeOf(period: OpenPeriod, organisation: { id: number; name: string }, stage: string): DueNotice {
    return {
      periodId: period.id,
      documentType: period.document_type,
      version: period.version,
      deadline: new Date(period.deadline),
      organisationId: organisation.id,
      organisationName: organisation.name,
      stage,
    };
  }

  /** Periods that have opened and whose version no newer published version of the same type replaced. */
  private openPeriods(now: Date): Promise<OpenPeriod[]> {
    return this.transactions.manager.query(
      `SELECT p.id, p.document_version_id, v.document_type, v.version, p.opens_at, p.deadline
         FROM organisations.acceptance_period p
         JOIN organisations.legal_document_version v ON v.id = p.document_version_id
        WHERE p.opens_at <= $1
          AND NOT EXISTS (SELECT 1 FROM organisations.legal_document_version newer
                           WHERE newer.document_type = v.document_type AND newer.version > v.version
                             AND newer.published_at <= $1)
        ORDER BY p.id`,
      [now],
    );
  }

  private affectedOrganisations(period: OpenPeriod, organisationIds?: number[]): Promise<AffectedOrganisation[]> {
    return this.transactions.manager.query(
      `SELECT o.id, o.name, ${ACCEPTED_SINCE_REINSTATEMENT} AS accepted,
              COALESCE(array_agg(n.stage) FILTER (WHERE n.stage IS NOT NULL), '{}') AS stages,
              max(n.decided_at) FILTER (WHERE n.stage = 'ANNOUNCEMENT') AS announced_at
         FROM organisations.organisation o
         LEFT JOIN organisations.acceptance_notice n ON n.organisation_id = o.id AND n.period_id = $4
        WHERE o.type = ANY($3) AND o.status IN ('LEGAL_PENDING', 'ACTIVE')
          AND COALESCE(o.reinstated_at, o.vetted_at) <= $5
          AND ($6::integer[] IS NULL OR o.id = ANY($6::integer[]))
        GROUP BY o.id
        ORDER BY o.id`,
      [period.document_type, period.version, typesRequiring(period.document_type), period.id, period.opens_at, organisationIds ?? null],
    );
  }

  /**
   * Returns the one stage due for an organisation now, or null. A reminder is due once its day has come, and only
   * when that day fell after the announcement, so an announcement sent late is not followed at once by a
   * reminder. When several reminder days have passed, only the nearest to the deadline is sent.
   */
  private stageDue(period: OpenPeriod, organisation: AffectedOrganisation, now: Date): string | null {
    if (organisation.accepted) return null;

    const deadline = new Date(period.deadline);
    if (now >= deadline) return organisation.stages.includes('DISCONTINUATION') ? null : 'DISCONTINUATION';
    if (!organisation.stages.includes('ANNOUNCEMENT')) return 'ANNOUNCEMENT';

    const announcedAt = new Date(organisation.announced_at!);
    const dueDays = this.config.LEGAL_REMINDER_DAYS.filter((days) => {
      const remindAt = deadline.getTime() - days * DAY_MS;

      return remindAt <= now.getTime() && remindAt > announcedAt.getTime();
    });
    if (dueDays.length === 0) return null;

    const stage = `REMINDER_${Math.min(...dueDays)}D`;

    return organisation.stages.includes(stage) ? null : stage;
  }

  /**
   * Decides a batch in one transaction. When the batch fails, each organisation is tried on its own, so one
   * broken organisation delays only its own notice, which the next run tries again.
   */
  private async decideBatchOrEach(period: OpenPeriod, organisationIds: number[]): Promise<DueNotice[]> {
    try {
      return await this.decideBatch(period, organisationIds);
    } catch (error) {
      if (organisationIds.length === 1) {
        this.logger.error({ err: error, organisationId: organisationIds[0], periodId: period.id }, 'acceptance notice failed');

        return [];
      }
      this.logger.warn({ err: error, periodId: period.id, organisations: organisationIds.length }, 'acceptance notice batch failed; retrying one by one');
      const decided: DueNotice[] = [];
      for (const organisationId of organisationIds) decided.push(...(await this.decideBatchOrEach(period, [organisationId])));

      return decided;
    }
  }

  /**
   * Locks the organisations, checks again what is due, inserts one acceptance_notice row per decision and
   * queues its e-mails, all in one transaction. A row that exists already means another run decided that
   * notice, so it is skipped.
   */
  private decideBatch(period: OpenPeriod, organisationIds: number[]): Promise<DueNotice[]> {
    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      const locked = await manager
        .getRepository(OrganisationEntity)
        .find({ where: { id: In(organisationIds) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!(await this.openPeriods(now)).some((candidate) => candidate.id === period.id)) return [];

      const candidates = (await this.affectedOrganisations(period, organisationIds))
        .map((organisation) => ({ organisation, stage: this.stageDue(period, organisation, now) }))
        .filter((candidate): candidate is { organisation: AffectedOrganisation; stage: string } => candidate.stage !== null);
      if (candidates.length === 0) return [];

      const emails = await this.identity.listActiveUserEmails(candidates.map(({ organisation }) => organisation.id));
      const inserted: { organisation_id: number }[] = await manager.query(
        `INSERT INTO organisations.acceptance_notice (organisation_id, period_id, stage, decided_at, recipients)
         SELECT organisation_id, $1, stage, $2, recipients
           FROM unnest($3::integer[], $4::text[], $5::integer[]) AS decided (organisation_id, stage, recipients)
         ON CONFLICT ON CONSTRAINT pk_acceptance_notice DO NOTHING
         RETURNING organisation_id`,
        [
          period.id,
          now,
          candidates.map(({ organisation }) => organisation.id),
          candidates.map(({ stage }) => stage),
          candidates.map(({ organisation }) => emails.get(organisation.id)?.length ?? 0),
        ],
      );
      const insertedIds = new Set(inserted.map((row) => row.organisation_id));
      const decided = candidates.filter(({ organisation }) => insertedIds.has(organisation.id));
      if (decided.length === 0) return [];

      const organisations = new Map(locked.map((organisation) => [organisation.id, organisation]));
      const documents = await this.legal.renderVersionFor(
        period.document_version_id,
        decided.map(({ organisation }) => organisations.get(organisation.id)!),
      );

      const notices: DueNotice[] = [];
      for (const { organisation, stage } of decided) {
        const entity = organisations.get(organisation.id)!;
        const notice = this.noticeOf(period, entity, stage);
        await this.applyStage(entity, notice);
        await this.queueMails(entity, notice, documents.get(entity.id), emails.get(entity.id) ?? []);
        notices.push(notice);
      }

      return notices;
    });
  }

  private async applyStage(organisation: OrganisationEntity, notice: DueNotice): Promise<void> {
    const repository = this.transactions.manager.getRepository(OrganisationEntity);
    if (notice.stage === 'ANNOUNCEMENT' && organisation.status === 'ACTIVE') {
      organisation.status = 'LEGAL_PENDING';
      await repository.update({ id: organisation.id }, { status: organisation.status });
    }
    if (notice.stage !== 'DISCONTINUATION') return;

    organisation.status = 'DISCONTINUED';
    organisation.discontinuedAt = this.clock.now();
    await repository.update({ id: organisation.id }, { status: organisation.status, discontinuedAt: organisation.discontinuedAt });
    await this.identity.suspendOrganisation(organisation.id);
    this.transactions.record(
      new OrganisationDiscontinued({
        ...refOf(organisation),
        reason: `did not accept ${LEGAL_DOCUMENT_TITLES[notice.documentType]} version ${notice.version} by ${notice.deadline.toISOString()}`,
      }),
    );
    this.logger.log({ organisationId: organisation.id, periodId: notice.periodId }, 'organisation discontinued at the acceptance deadline');
  }

  private async queueMails(
    organisation: OrganisationEntity,
    notice: DueNotice,
    document: RenderedLegalDocument | undefined,
    emails: string[],
  ): Promise<void> {
    const context: NoticeContext = {
      organisationId: organisation.id,
      organisationName: organisation.name,
      document: notice.stage === 'DISCONTINUATION' ? undefined : document,
      title: LEGAL_DOCUMENT_TITLES[notice.documentType],
      version: notice.version,
      deadline: notice.deadline,
      baseUrl: this.config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    };
    const content =
      notice.stage === 'ANNOUNCEMENT'
        ? announcementMail(context)
        : notice.stage === 'DISCONTINUATION'
          ? discontinuationMail(context)
          : reminderMail(context, Number(notice.stage.slice('REMINDER_'.length, -1)));

    for (const to of emails) {
      await this.mail.enqueue({ ...content, to, dedupeKey: `legal:${notice.periodId}:${organisation.id}:${notice.stage}:${to.toLowerCase()}` });
    }
  }
}
