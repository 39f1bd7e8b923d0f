import { performance } from 'node:perf_hooks';
import { AppConfig, Clock, DomainEvent, eventTypeOf, TransactionHost } from '@escr/kernel';
import { OrganisationSnapshot } from './organisation-snapshot.js';

interface Cached<T> {
  value: T;
  /** performance.now() after which the entry is stale. */
  expiresAt: number;
}

interface GateVerdict {
  snapshot: OrganisationSnapshot;
  /** Clock time (ms) of the next legal document version to become current, when one is scheduled. */
  nextPublicationAt: number | null;
}

const ORGANISATIONS_EVENT_PREFIX = 'organisations.';
/** Entries kept before the cache starts over, which bounds its memory whatever the number of organisations. */
const MAX_ENTRIES = 10_000;

/**
 * Keeps organisation snapshots and passed legal gates of this instance for at most
 * ORGANISATION_CACHE_TTL_MS (1 s or less), so card requests do not read the organisation and render
 * its legal documents on every call.
 *
 * Freshness bound: every use case that changes an input of the gate (registration, vetting, rejection,
 * acceptance, activation, discontinuation, reinstatement, settings, JCA processors, publication of a
 * legal version) records an `organisations.*` event. When such a transaction commits in this instance,
 * the whole cache is cleared before the use case returns, so this instance applies the change from the
 * next request on. Another instance learns of it when its entry expires, within ORGANISATION_CACHE_TTL_MS.
 * A passed gate also ends when the clock reaches the publication time of a scheduled legal version.
 * A load that started before a clear is not stored, so it cannot bring back the state before a change.
 * NOTE: the acceptance job moves an organisation from ACTIVE to LEGAL_PENDING without an event, so a
 * cached snapshot may show ACTIVE for up to the TTL after that. The gate does not depend on that status.
 *
 * Callers read through the cache only outside a transaction. Inside one, they read the database, so
 * that a use case reads its own writes and values stored elsewhere are never copied from the cache.
 */
export class OrganisationCache {
  private readonly snapshots = new Map<number, Cached<OrganisationSnapshot>>();
  private readonly idsByIdentifier = new Map<string, number>();
  private readonly gates = new Map<number, Cached<GateVerdict>>();
  private readonly ttlMs: number;
  private generation = 0;

  constructor(
    config: AppConfig,
    transactions: TransactionHost,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.ORGANISATION_CACHE_TTL_MS;
    transactions.onEventsCommitted((events) => this.onCommitted(events));
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Returns the current generation. Pass it to the store methods, which drop a load that a clear overtook. */
  mark(): number {
    return this.generation;
  }

  snapshot(organisationId: number): OrganisationSnapshot | undefined {
    return this.fresh(this.snapshots, organisationId);
  }

  snapshotByIdentifier(identifier: string): OrganisationSnapshot | undefined {
    const id = this.idsByIdentifier.get(identifier);

    return id === undefined ? undefined : this.snapshot(id);
  }

  storeSnapshot(mark: number, snapshot: OrganisationSnapshot): void {
    if (!this.enabled || mark !== this.generation) return;
    if (this.snapshots.size >= MAX_ENTRIES) this.clear();

    this.snapshots.set(snapshot.id, { value: snapshot, expiresAt: performance.now() + this.ttlMs });
    this.idsByIdentifier.set(snapshot.identifier, snapshot.id);
  }

  /** Returns the snapshot of an organisation that passed the legal gate, while that verdict is still valid. */
  passedGate(organisationId: number): OrganisationSnapshot | undefined {
    const verdict = this.fresh(this.gates, organisationId);
    if (!verdict) return undefined;
    if (verdict.nextPublicationAt !== null && this.clock.now().getTime() >= verdict.nextPublicationAt) {
      this.gates.delete(organisationId);

      return undefined;
    }

    return verdict.snapshot;
  }

  storePassedGate(mark: number, snapshot: OrganisationSnapshot, nextPublicationAt: Date | null): void {
    if (!this.enabled || mark !== this.generation) return;
    if (this.gates.size >= MAX_ENTRIES) this.clear();

    this.gates.set(snapshot.id, {
      value: { snapshot, nextPublicationAt: nextPublicationAt?.getTime() ?? null },
      expiresAt: performance.now() + this.ttlMs,
    });
    this.storeSnapshot(this.generation, snapshot);
  }

  clear(): void {
    this.generation++;
    this.snapshots.clear();
    this.idsByIdentifier.clear();
    this.gates.clear();
  }

  private onCommitted(events: readonly DomainEvent[]): void {
    if (events.some((event) => eventTypeOf(event).startsWith(ORGANISATIONS_EVENT_PREFIX))) this.clear();
  }

  private fresh<T>(entries: Map<number, Cached<T>>, key: number): T | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= performance.now()) {
      entries.delete(key);

      return undefined;
    }

    return entry.value;
  }
}
