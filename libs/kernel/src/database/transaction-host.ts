import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { DomainEvent, eventTypeOf } from '../events/domain-event.js';
import { OutboxSignal } from '../events/outbox-signal.js';

interface TransactionContext {
  manager: EntityManager;
  events: DomainEvent[];
  /** Events already written to the outbox by this transaction, announced to local listeners after commit. */
  flushed: DomainEvent[];
}

/** Called in this instance after a transaction committed, with the domain events it wrote. */
export type CommittedEventsListener = (events: readonly DomainEvent[]) => void;

/**
 * Opens database transactions and carries the current one through async calls, so that
 * repositories and facades of every context join the transaction of the use case that called them.
 * Events recorded inside a transaction are written to the outbox by the same transaction.
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();
  private readonly committedListeners: CommittedEventsListener[] = [];

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

  /**
   * Runs a statement as a named prepared statement, in the current transaction or else on the pool, and
   * returns its rows. PostgreSQL then parses and plans it once per connection instead of on every call.
   * For a statement of several joined CTEs, planning costs more than running it. Each name must
   * always go with the same text, or node-postgres rejects the statement. A failure comes as TypeORM's
   * QueryFailedError, as from manager.query.
   *
   * NOTE: prepared statements live on a server connection, so a pooler between the router and PostgreSQL
   * must keep each client on one connection (session pooling). A migration that changes the type of a
   * column such a statement returns makes it fail on connections that prepared it until they reconnect.
   */
  async queryPrepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const runner = this.storage.getStore()?.manager.queryRunner;
    try {
      const client = runner
        ? ((await runner.connect()) as PoolClient)
        : (this.dataSource.driver as unknown as { master: Pool }).master;
      const result = await client.query({ name, text, values });

      return result.rows as T[];
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  }

  /** Runs work in a transaction, joining the current one if there is one. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.storage.getStore()) return work();

    let flushed: DomainEvent[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const context: TransactionContext = { manager, events: [], flushed: [] };
      const value = await this.storage.run(context, work);
      await this.flushEvents(context);
      flushed = context.flushed;

      return value;
    });
    if (flushed.length > 0) {
      this.announceCommitted(flushed);
      this.signal.notifyCommitted();
    }

    return result;
  }

  /**
   * Runs work inside an existing manager's transaction, for the outbox dispatcher, whose handlers
   * must commit their effects together with the record of their delivery. The events the work
   * records are written to the outbox and appended to `written`; the caller announces them with
   * announceCommitted once its transaction has committed.
   */
  async runWithin<T>(manager: EntityManager, work: () => Promise<T>, written?: DomainEvent[]): Promise<T> {
    const context: TransactionContext = { manager, events: [], flushed: [] };
    const value = await this.storage.run(context, work);
    await this.flushEvents(context);
    written?.push(...context.flushed);

    return value;
  }

  /**
   * Registers a listener for the events each transaction of this instance commits. Listeners run
   * synchronously after the commit and before the use case returns, so a cache they clear is clear
   * for the next request. They must not throw or do I/O; other instances learn of the change otherwise.
   */
  onEventsCommitted(listener: CommittedEventsListener): void {
    this.committedListeners.push(listener);
  }

  /**
   * Builds an INSERT of events into the outbox, to embed as a data-modifying WITH query in a use case's
   * single statement outside any transaction. That statement is atomic by itself, so its rows and its
   * events commit together. The events are written only when `condition` (SQL, for example
   * `EXISTS (SELECT 1 FROM inserted)`) holds. Parameters are numbered from `firstParameter`. After the
   * statement succeeded, pass the events to eventsWrittenAlone.
   */
  outboxInsertFor(events: readonly DomainEvent[], firstParameter: number, condition: string): { sql: string; values: unknown[] } {
    if (this.inTransaction) throw new Error('outboxInsertFor is for statements outside a transaction; record the events instead');

    const values: unknown[] = [];
    const rows = events.map((event, index) => {
      values.push(eventTypeOf(event), JSON.stringify(event.payload), event.occurredAt);
      const first = firstParameter + index * 3;

      return `($${first}::text, $${first + 1}::jsonb, $${first + 2}::timestamptz)`;
    });

    return {
      sql: `INSERT INTO kernel.outbox_event (event_type, payload, occurred_at)
            SELECT event_type, payload, occurred_at FROM (VALUES ${rows.join(', ')}) AS event (event_type, payload, occurred_at)
             WHERE ${condition}`,
      values,
    };
  }

  /** Announces events that a statement built with outboxInsertFor wrote, as a commit of run would. */
  eventsWrittenAlone(events: readonly DomainEvent[]): void {
    this.announceCommitted(events);
    this.signal.notifyCommitted();
  }

  /** Tells the listeners of onEventsCommitted that these events were committed. */
  announceCommitted(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;

    for (const listener of this.committedListeners) listener(events);
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
    // No NOTIFY: the committing instance wakes its own dispatcher through OutboxSignal, and the others
    // poll every OUTBOX_POLL_INTERVAL_MS. A NOTIFY would serialise every commit on PostgreSQL's
    // notification queue lock for a wake-up that no session LISTENs for.
    await context.manager.query(
      `INSERT INTO kernel.outbox_event (event_type, payload, occurred_at) VALUES ${rows.join(', ')}`,
      values,
    );
    context.flushed.push(...events);

    return true;
  }
}
