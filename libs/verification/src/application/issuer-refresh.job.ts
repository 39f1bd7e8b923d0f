import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { In } from 'typeorm';
import { AdvisoryLocks, AppConfig, OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { OrganisationsFacade, OrganisationSettingsChanged } from '@escr/organisations';
import { CARD_STATUS_CHANNEL, EVICT_ALL } from '../infrastructure/card-status-listener.js';
import { IssuerEntity } from '../infrastructure/issuer.entity.js';

const LOCK_NAME = 'verification.refresh-issuers';

export interface IssuerRefreshResult {
  issuers: number;
  changed: number;
}

/**
 * Re-reads the issuer settings that verification copies (name, new-logo date, display-name opt-in) from
 * Organisations. An issuer is refreshed as soon as its OrganisationSettingsChanged event is delivered.
 * Every issuer is also refreshed on a timer in every instance with the scheduler on, under an advisory lock
 * so that one instance does the work. The timer catches changes that publish no event, such as a rename.
 * When an issuer stops publishing display names, the copies already stored are erased. When it starts,
 * names appear as its cards are next changed, because verification does not store unpublished names.
 */
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

  /** Refreshes every issuer now, unless another instance is already doing it. */
  async run(): Promise<IssuerRefreshResult | null> {
    const outcome = await this.locks.tryRun(LOCK_NAME, () => this.transactions.run(() => this.refresh()));

    return outcome.ran ? outcome.result : null;
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.run();
      if (result && result.changed > 0) this.logger.log(result, 'issuer settings refreshed');
    } catch (error) {
      this.logger.error({ err: error }, 'issuer settings refresh failed; retrying at the next interval');
    }
  }

  /** Refreshes the given issuers, or every issuer stored in verification when none are given. */
  private async refresh(only?: number[]): Promise<IssuerRefreshResult> {
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
}
