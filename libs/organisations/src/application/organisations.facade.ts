import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AppConfig, Clock, TransactionHost } from '@escr/kernel';
import { OrganisationsError } from '../domain/organisations.error.js';
import { JcaProcessorsChanged } from '../events/organisation-events.js';
import { JcaProcessorEntity } from '../infrastructure/jca-processor.entity.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';
import { AcceptanceDeadlinesJob } from './acceptance-deadlines.job.js';
import { AcceptanceDeadlinesService, DeadlineRunReport, DueNoticePreview } from './acceptance-deadlines.service.js';
import { LegalDocumentsService } from './legal-documents.service.js';
import { OrganisationCache } from './organisation-cache.js';
import { AcceptancePeriodSummary, LegalPublicationService, PublishLegalDocument } from './legal-publication.service.js';
import { OrganisationSnapshot, toSnapshot } from './organisation-snapshot.js';
import { OrganisationsService, refOf, RegisterProcessor } from './organisations.service.js';

/** A processor as the issuer's Joint Controllership Arrangement names it. */
export interface JcaProcessor {
  name: string;
  vatNumber: string;
  /** Postal address on one line. */
  address: string;
}

/** The Organisations & Legal operations that other contexts may call. */
@Injectable()
export class OrganisationsFacade {
  private readonly cache: OrganisationCache;
  /**
   * Gate computations in progress outside transactions, shared by the requests that miss the cache
   * together. A request joins one only if no change committed in this instance since it started.
   */
  private readonly gatesInProgress = new Map<number, { mark: number; computation: Promise<OrganisationSnapshot> }>();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly legal: LegalDocumentsService,
    private readonly organisations: OrganisationsService,
    private readonly publication: LegalPublicationService,
    private readonly deadlines: AcceptanceDeadlinesService,
    private readonly deadlinesJob: AcceptanceDeadlinesJob,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.cache = new OrganisationCache(config, transactions, clock);
  }

  /** Publishes the next version of a legal document, opening its acceptance period. For the operator command line. */
  publishLegalDocument(command: PublishLegalDocument): Promise<AcceptancePeriodSummary> {
    return this.publication.publish(command);
  }

  listAcceptancePeriods(): Promise<AcceptancePeriodSummary[]> {
    return this.publication.listPeriods();
  }

  /** Lists the notices the acceptance-period job would decide now, without deciding them. */
  previewDueNotices(): Promise<DueNoticePreview[]> {
    return this.deadlines.preview();
  }

  /** Runs the acceptance-period job now under its advisory lock. Returns null when another session holds the lock. */
  runAcceptanceDeadlines(): Promise<DeadlineRunReport | null> {
    return this.deadlinesJob.runNow();
  }

  /**
   * Registers a processor as an organisation of type PROCESSOR, awaiting vetting, with its authorised
   * person. Joins the caller's transaction.
   */
  async registerProcessor(command: RegisterProcessor): Promise<OrganisationSnapshot> {
    return toSnapshot(await this.organisations.registerProcessor(command));
  }

  /**
   * Replaces the processors that the issuer's JCA names, in the caller's transaction. When the list
   * changes, the rendered JCA and its SHA-256 change, so the gate stays closed until the issuer's
   * authorised person accepts the new text.
   */
  async replaceJcaProcessors(issuerOrganisationId: number, processors: JcaProcessor[]): Promise<void> {
    await this.transactions.run(async () => {
      const issuer = await this.organisations.lockOrganisation(issuerOrganisationId);
      if (issuer.type === 'PROCESSOR') throw OrganisationsError.notAnIssuer(issuerOrganisationId);

      const repository = this.transactions.manager.getRepository(JcaProcessorEntity);
      const before = await repository.find({ where: { issuerOrganisationId }, order: { position: 'ASC' } });
      const unchanged =
        before.length === processors.length &&
        before.every(
          (row, index) =>
            row.vatNumber === processors[index].vatNumber &&
            row.name === processors[index].name &&
            row.address === processors[index].address,
        );
      if (unchanged) return;

      await repository.delete({ issuerOrganisationId });
      if (processors.length > 0) {
        await repository.insert(processors.map((processor, position) => ({ issuerOrganisationId, position, ...processor })));
      }
      if (issuer.status === 'ACTIVE') {
        issuer.status = 'LEGAL_PENDING';
        await this.transactions.manager.save(issuer);
      }
      this.transactions.record(
        new JcaProcessorsChanged({ ...refOf(issuer), processorVatNumbers: processors.map((processor) => processor.vatNumber) }),
      );
    });
  }

  async findById(organisationId: number): Promise<OrganisationSnapshot | null> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });

    return entity ? toSnapshot(entity) : null;
  }

  /** Finds an organisation by PIC (issuers) or VAT number (processors). */
  async findByIdentifier(identifier: string): Promise<OrganisationSnapshot | null> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ identifier });

    return entity ? toSnapshot(entity) : null;
  }

  /**
   * Like findByIdentifier, but outside a transaction the result may be up to ORGANISATION_CACHE_TTL_MS
   * old when the change was made through another instance. Use it to build a response, and never copy
   * the result into stored data.
   */
  async findCachedByIdentifier(identifier: string): Promise<OrganisationSnapshot | null> {
    if (!this.usesCache()) return this.findByIdentifier(identifier);

    const cached = this.cache.snapshotByIdentifier(identifier);
    if (cached) return cached;

    const mark = this.cache.mark();
    const snapshot = await this.findByIdentifier(identifier);
    if (snapshot) this.cache.storeSnapshot(mark, snapshot);

    return snapshot;
  }

  /** Like findManyByIds, with the freshness of findCachedByIdentifier. */
  async findCachedManyByIds(organisationIds: number[]): Promise<Map<number, OrganisationSnapshot>> {
    if (!this.usesCache()) return this.findManyByIds(organisationIds);

    const found = new Map<number, OrganisationSnapshot>();
    const missing: number[] = [];
    for (const id of new Set(organisationIds)) {
      const cached = this.cache.snapshot(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;

    const mark = this.cache.mark();
    for (const snapshot of (await this.findManyByIds(missing)).values()) {
      this.cache.storeSnapshot(mark, snapshot);
      found.set(snapshot.id, snapshot);
    }

    return found;
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
   *
   * Outside a transaction, a passed gate is reused for up to ORGANISATION_CACHE_TTL_MS (see
   * OrganisationCache for when it closes): changes through this instance close it at once, changes
   * through another instance within that time. Inside a transaction it is always computed anew.
   */
  async assertMayManageCards(organisationId: number): Promise<OrganisationSnapshot> {
    if (!this.usesCache()) return this.computeGate(organisationId);

    const passed = this.cache.passedGate(organisationId);
    if (passed) return passed;

    const mark = this.cache.mark();
    const inProgress = this.gatesInProgress.get(organisationId);
    if (inProgress?.mark === mark) return inProgress.computation;

    const computation = this.computeAndCacheGate(organisationId, mark).finally(() => {
      if (this.gatesInProgress.get(organisationId)?.computation === computation) this.gatesInProgress.delete(organisationId);
    });
    this.gatesInProgress.set(organisationId, { mark, computation });

    return computation;
  }

  private async computeAndCacheGate(organisationId: number, mark: number): Promise<OrganisationSnapshot> {
    const snapshot = await this.computeGate(organisationId);
    const [next] = (await this.transactions.manager.query(
      'SELECT min(published_at) AS "publishedAt" FROM organisations.legal_document_version WHERE published_at > $1',
      [this.clock.now()],
    )) as { publishedAt: Date | null }[];
    this.cache.storePassedGate(mark, snapshot, next?.publishedAt ? new Date(next.publishedAt) : null);

    return snapshot;
  }

  private usesCache(): boolean {
    return this.cache.enabled && !this.transactions.inTransaction;
  }

  private async computeGate(organisationId: number): Promise<OrganisationSnapshot> {
    const entity = await this.transactions.manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!entity) throw OrganisationsError.notFound(organisationId);
    if (entity.status === 'PENDING_VETTING') throw OrganisationsError.notVetted(organisationId);
    if (entity.status === 'REJECTED') throw OrganisationsError.rejected(organisationId);
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
