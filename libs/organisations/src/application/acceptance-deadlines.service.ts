import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, MailQueue, TransactionHost } from '@escr/kernel';
import { IdentityFacade } from '@escr/identity';
import { LEGAL_DOCUMENT_TITLES, LegalDocumentType, typesRequiring } from '../domain/organisation.types.js';
import { OrganisationDiscontinued } from '../events/organisation-events.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';
import { LegalDocumentsService } from './legal-documents.service.js';
import { announcementMail, discontinuationMail, NoticeContext, reminderMail } from './legal-notice-mail.js';
import { refOf } from './organisations.service.js';

const DAY_MS = 24 * 3600 * 1000;

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
    const due = await this.dueNotices(this.clock.now());
    const emails = await this.identity.listActiveUserEmails([...new Set(due.map((notice) => notice.organisationId))]);

    return due.map((notice) => ({ ...notice, recipients: emails.get(notice.organisationId) ?? [] }));
  }

  /** Decides every notice that is due now. Safe to run concurrently: each notice is decided at most once. */
  async runDue(): Promise<DeadlineRunReport> {
    const report: DeadlineRunReport = { decided: 0, skipped: 0, announcements: 0, reminders: 0, discontinuations: 0 };
    for (const notice of await this.dueNotices(this.clock.now())) {
      const decided = await this.decide(notice);
      if (!decided) {
        report.skipped += 1;
        continue;
      }
      report.decided += 1;
      if (notice.stage === 'ANNOUNCEMENT') report.announcements += 1;
      else if (notice.stage === 'DISCONTINUATION') report.discontinuations += 1;
      else report.reminders += 1;
    }
    if (report.decided > 0) this.logger.log(report, 'acceptance notices decided');

    return report;
  }

  private async dueNotices(now: Date): Promise<DueNotice[]> {
    const due: DueNotice[] = [];
    for (const period of await this.openPeriods(now)) {
      for (const organisation of await this.affectedOrganisations(period)) {
        const stage = this.stageDue(period, organisation, now);
        if (!stage) continue;

        due.push({
          periodId: period.id,
          documentType: period.document_type,
          version: period.version,
          deadline: new Date(period.deadline),
          organisationId: organisation.id,
          organisationName: organisation.name,
          stage,
        });
      }
    }

    return due;
  }

  /** Periods that have opened and whose version no newer published version of the same type replaced. */
  private openPeriods(now: Date): Promise<OpenPeriod[]> {
    return this.transactions.manager.query(
      `SELECT p.id, v.document_type, v.version, p.opens_at, p.deadline
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

  private affectedOrganisations(period: OpenPeriod, organisationId?: number): Promise<AffectedOrganisation[]> {
    return this.transactions.manager.query(
      `SELECT o.id, o.name, ${ACCEPTED_SINCE_REINSTATEMENT} AS accepted,
              COALESCE(array_agg(n.stage) FILTER (WHERE n.stage IS NOT NULL), '{}') AS stages,
              max(n.decided_at) FILTER (WHERE n.stage = 'ANNOUNCEMENT') AS announced_at
         FROM organisations.organisation o
         LEFT JOIN organisations.acceptance_notice n ON n.organisation_id = o.id AND n.period_id = $4
        WHERE o.type = ANY($3) AND o.status IN ('LEGAL_PENDING', 'ACTIVE')
          AND COALESCE(o.reinstated_at, o.vetted_at) <= $5
          AND ($6::integer IS NULL OR o.id = $6)
        GROUP BY o.id
        ORDER BY o.id`,
      [period.document_type, period.version, typesRequiring(period.document_type), period.id, period.opens_at, organisationId ?? null],
    );
  }

  /**
   * The one stage due for an organisation now, if any. A reminder is due once its day has come, and only
   * when that day fell after the announcement, so an announcement sent late is not followed at once by a
   * reminder. When several reminder days have passed, only the nearest to the deadline is sent.
   */
  private stageDue(period: OpenPeriod, organisation: AffectedOrganisation, now: Date): string | null {
    if (organisation.accepted) return null;

    const deadline = new Date(period.deadline);
    if (now >= deadline) return 'DISCONTINUATION';
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

  /** Decides one notice in its own transaction. Returns false when it was decided before or no longer applies. */
  private async decide(notice: DueNotice): Promise<boolean> {
    try {
      return await this.transactions.run(async () => {
        const manager = this.transactions.manager;
        const organisation = await manager
          .getRepository(OrganisationEntity)
          .findOne({ where: { id: notice.organisationId }, lock: { mode: 'pessimistic_write' } });
        const period = (await this.openPeriods(this.clock.now())).find((candidate) => candidate.id === notice.periodId);
        if (!organisation || !period) return false;

        const [current] = await this.affectedOrganisations(period, organisation.id);
        if (!current || this.stageDue(period, current, this.clock.now()) !== notice.stage) return false;

        const emails = (await this.identity.listActiveUserEmails([organisation.id])).get(organisation.id) ?? [];
        const inserted: unknown[] = await manager.query(
          `INSERT INTO organisations.acceptance_notice (organisation_id, period_id, stage, decided_at, recipients)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT pk_acceptance_notice DO NOTHING RETURNING stage`,
          [organisation.id, notice.periodId, notice.stage, this.clock.now(), emails.length],
        );
        if (inserted.length === 0) return false;

        await this.applyStage(organisation, notice);
        await this.queueMails(organisation, notice, emails);

        return true;
      });
    } catch (error) {
      this.logger.error(
        { err: error, organisationId: notice.organisationId, periodId: notice.periodId, stage: notice.stage },
        'acceptance notice failed',
      );

      return false;
    }
  }

  private async applyStage(organisation: OrganisationEntity, notice: DueNotice): Promise<void> {
    if (notice.stage === 'ANNOUNCEMENT' && organisation.status === 'ACTIVE') {
      organisation.status = 'LEGAL_PENDING';
      await this.transactions.manager.save(organisation);
    }
    if (notice.stage !== 'DISCONTINUATION') return;

    organisation.status = 'DISCONTINUED';
    organisation.discontinuedAt = this.clock.now();
    await this.transactions.manager.save(organisation);
    await this.identity.suspendOrganisation(organisation.id);
    this.transactions.record(
      new OrganisationDiscontinued({
        ...refOf(organisation),
        reason: `did not accept ${LEGAL_DOCUMENT_TITLES[notice.documentType]} version ${notice.version} by ${notice.deadline.toISOString()}`,
      }),
    );
    this.logger.log({ organisationId: organisation.id, periodId: notice.periodId }, 'organisation discontinued at the acceptance deadline');
  }

  private async queueMails(organisation: OrganisationEntity, notice: DueNotice, emails: string[]): Promise<void> {
    const documents = notice.stage === 'DISCONTINUATION' ? [] : await this.legal.currentDocuments(organisation);
    const context: NoticeContext = {
      organisationId: organisation.id,
      organisationName: organisation.name,
      document: documents.find((document) => document.documentType === notice.documentType && document.version === notice.version),
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
