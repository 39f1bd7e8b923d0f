import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, eventTypeOf } from '../events/domain-event.js';
import { OutboxSignal } from '../events/outbox-signal.js';

interface TransactionContext {
  manager: EntityManager;
  events: DomainEvent[];
}

/** Channel on which each commit that wrote domain events is announced with NOTIFY. */
export const OUTBOX_CHANNEL = 'escr_outbox';

/**
 * Opens database transactions and carries the current one through async calls, so that
 * repositories and facades of every context join the transaction of the use case that called them.
 * Events recorded inside a transaction are written to the outbox by the same transaction.
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly signal: OutboxSignal,
  ) {}

  /** The entity manager of the current transaction, or the pool-backed one outside a transaction. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  /** Runs work in a transaction, joining the current one if there is one. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.storage.getStore()) return work();

    let wroteEvents = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const context: TransactionContext = { manager, events: [] };
      const value = await this.storage.run(context, work);
      wroteEvents = await this.flushEvents(context);

      return value;
    });
    if (wroteEvents) this.signal.notifyCommitted();

    return result;
  }

  /**
   * Runs work inside an existing manager's transaction, for the outbox dispatcher, whose handlers
   * must commit their effects together with the record of their delivery.
   */
  async runWithin<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    const context: TransactionContext = { manager, events: [] };
    const value = await this.storage.run(context, work);
    await this.flushEvents(context);

    return value;
  }

  /** Records an event to be written to the outbox when the current transaction commits. */
  record(event: DomainEvent): void {
    const context = this.storage.getStore();
    if (!context) throw new Error(`${event.constructor.name} was recorded outside a transaction`);

    context.events.push(event);
  }

  private async flushEvents(context: TransactionContext): Promise<boolean> {
    if (context.events.length === 0) return false;

    const events = context.events.splice(0);
    const values: unknown[] = [];
    const rows = events.map((event, index) => {
      values.push(eventTypeOf(event), JSON.stringify(event.payload), event.occurredAt);

      return `($${index * 3 + 1}, $${index * 3 + 2}::jsonb, $${index * 3 + 3})`;
    });
    await context.manager.query(
      `INSERT INTO kernel.outbox_event (event_type, payload, occurred_at) VALUES ${rows.join(', ')}`,
      values,
    );
    await context.manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);

    return true;
  }
}
