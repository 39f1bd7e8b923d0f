import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { In } from 'typeorm';
import { AdvisoryLocks, AppConfig, OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { CardDirectory } from '@escr/cards';
import { OrganisationsFacade, OrganisationSettingsChanged } from '@escr/organisations';
import { CARD_STATUS_CHANNEL, ESCNS_PER_NOTIFICATION, EVICT_ALL } from '../infrastructure/card-status-listener.js';
import { IssuerEntity } from '../infrastructure/issuer.entity.js';

const LOCK_NAME = 'verification.refresh-issuers';
/** Cards whose display names the backfill reads and stores per transaction. */
const BACKFILL_CHUNK = ESCNS_PER_NOTIFICATION;

export interface IssuerRefreshResult {
  issuers: number;
  changed: number;
  /** Stored cards that got their display name from the backfill of an opt-in. */
  displayNamesFilled: number;
}

/**
 * Fills the display names of cards projected while their issuer did not publish them. Only rows still
 * without a name change: a row the projector wrote since the opt-in already has the newer name.
 */
const FILL_DISPLAY_NAMES = `
  UPDATE verification.card_status AS status SET display_name = named.display_name
    FROM unnest($2::bpchar[], $3::text[]) AS named (card_number, display_name)
   WHERE status.card_number = named.card_number AND status.issuer_organisation_id = $1 AND status.display_name IS NULL
     AND EXISTS (SELECT 1 FROM verification.issuer WHERE organisation_id = $1 AND publish_display_name)`;
const ADVANCE_BACKFILL = `
  UPDATE verification.issuer SET display_names_after = CASE WHEN $3::boolean THEN NULL ELSE $2 END
   WHERE organisation_id = $1 AND display_names_after IS NOT NULL AND publish_display_name`;

/**
 * Re-reads the issuer settings that verification copies (name, new-logo date, display-name opt-in) from
 * Organisations. An issuer is refreshed as soon as its OrganisationSettingsChanged event is delivered.
 * Every issuer is also refreshed on a timer in every instance with the scheduler on, under an advisory lock
 * so that one instance does the work. The timer catches changes that publish no event, such as a rename.
 * When an issuer stops publishing display names, the copies already stored are erased. When it starts,
 * the names of the cards projected before are read from Cards and stored, BACKFILL_CHUNK cards per
 * transaction, on the next run of the timer. A crash resumes after the last chunk stored.
 */
/** Returns the backfill marker after a refresh: none without the opt-in, a new one for a new opt-in, else the current one. */
function pendingBackfill(before: IssuerEntity | undefined, publishes: boolean): string | null {
  if (!publishes) return null;
  if (!before?.publishDisplayName) return '';

  return before.displayNamesAfter;
}

@Injectable()
export class IssuerRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IssuerRefreshJob.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly locks: AdvisoryLocks,
    private readonly transactions: TransactionHost,
    private readonly organisations: OrganisationsFacade,
    private readonly dispatcher: OutboxDispatcher,
    private readonly cards: CardDirectory,
  ) {}

  onApplicationBootstrap(): void {
    this.dispatcher.subscribe(OrganisationSettingsChanged, 'verification.refresh-issuer-settings', async (event) => {
      await this.refresh([event.payload.organisationId]);
    });
    if (!this.config.SCHEDULER_ENABLED) return;

    this.timer = setInterval(() => void this.tick(), this.config.VERIFICATION_ISSUER_REFRESH_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Refreshes every issuer and fills pending display names now, unless another instance is already doing it. */
  async run(): Promise<IssuerRefreshResult | null> {
    const outcome = await this.locks.tryRun(LOCK_NAME, async () => {
      const refreshed = await this.transactions.run(() => this.refresh());

      return { ...refreshed, displayNamesFilled: await this.backfillDisplayNames() };
    });

    return outcome.ran ? outcome.result : null;
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.run();
      if (result && result.changed + result.displayNamesFilled > 0) this.logger.log(result, 'issuer settings refreshed');
    } catch (error) {
      this.logger.error({ err: error }, 'issuer settings refresh failed; retrying at the next interval');
    }
  }

  /** Refreshes the given issuers, or every issuer stored in verification when none are given. */
  private async refresh(only?: number[]): Promise<Omit<IssuerRefreshResult, 'displayNamesFilled'>> {
    const manager = this.transactions.manager;
    const missing: { id: number }[] = only
      ? []
      : await manager.query(
          `SELECT DISTINCT c.issuer_organisation_id AS id
             FROM verification.card_status c
            WHERE NOT EXISTS (SELECT 1 FROM verification.issuer i WHERE i.organisation_id = c.issuer_organisation_id)`,
        );
    const stored = only
      ? await manager.getRepository(IssuerEntity).findBy({ organisationId: In(only) })
      : await manager.getRepository(IssuerEntity).find();
    const ids = only ?? [...stored.map((issuer) => issuer.organisationId), ...missing.map((row) => Number(row.id))];
    const current = await this.organisations.findManyByIds(ids);
    const storedById = new Map(stored.map((issuer) => [issuer.organisationId, issuer]));

    let changed = 0;
    for (const id of ids) {
      const organisation = current.get(id);
      if (!organisation) continue;

      const before = storedById.get(id);
      const same =
        before &&
        before.name === organisation.name &&
        before.identifier === organisation.identifier &&
        before.newLogoAt === organisation.newLogoAt &&
        before.publishDisplayName === organisation.publishDisplayName;
      if (same) continue;

      changed++;
      await manager.getRepository(IssuerEntity).upsert(
        {
          organisationId: id,
          identifier: organisation.identifier,
          name: organisation.name,
          newLogoAt: organisation.newLogoAt,
          publishDisplayName: organisation.publishDisplayName,
          refreshedAt: new Date(),
          displayNamesAfter: pendingBackfill(before, organisation.publishDisplayName),
        },
        ['organisationId'],
      );
      if (!organisation.publishDisplayName) {
        await manager.query(
          'UPDATE verification.card_status SET display_name = NULL WHERE issuer_organisation_id = $1 AND display_name IS NOT NULL',
          [id],
        );
      }
    }
    if (changed > 0) await manager.query('SELECT pg_notify($1, $2)', [CARD_STATUS_CHANNEL, EVICT_ALL]);

    return { issuers: ids.length, changed };
  }

  /** Stores the display names of every issuer with a pending backfill, a chunk per transaction. */
  private async backfillDisplayNames(): Promise<number> {
    const pending: { id: number; after: string }[] = await this.transactions.manager.query(
      'SELECT organisation_id AS id, display_names_after AS after FROM verification.issuer WHERE display_names_after IS NOT NULL AND publish_display_name',
    );
    let filled = 0;
    for (const issuer of pending) {
      let after = issuer.after;
      for (;;) {
        const chunk = await this.cards.displayNamesOfIssuer(issuer.id, after, BACKFILL_CHUNK);
        const done = chunk.length < BACKFILL_CHUNK;
        const named = chunk.filter((card) => card.displayName !== null);
        after = chunk.at(-1)?.cardNumber ?? after;
        filled += await this.transactions.run(async () => {
          const manager = this.transactions.manager;
          const [, updated]: [unknown[], number] = await manager.query(FILL_DISPLAY_NAMES, [
            issuer.id,
            named.map((card) => card.cardNumber),
            named.map((card) => card.displayName),
          ]);
          await manager.query(ADVANCE_BACKFILL, [issuer.id, after, done]);
          if (updated > 0) await manager.query('SELECT pg_notify($1, $2)', [CARD_STATUS_CHANNEL, named.map((card) => card.cardNumber).join(',')]);

          return updated;
        });
        if (done) break;
      }
    }

    return filled;
  }
}
