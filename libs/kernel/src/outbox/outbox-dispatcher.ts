import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DomainEvent, DomainEventClass } from '../events/domain-event.js';
import { OutboxSignal } from '../events/outbox-signal.js';

interface Subscription {
  handlerName: string;
  eventClass: DomainEventClass;
  handle: (event: DomainEvent) => Promise<void>;
}

/** A handler that receives all due events of its types in a claimed batch at once, in outbox order. */
interface BatchSubscription {
  handlerName: string;
  eventClasses: Map<string, DomainEventClass>;
  handle: (events: DomainEvent[]) => Promise<void>;
}

interface OutboxRow {
  id: string;
  event_type: string;
  payload: object;
  occurred_at: Date;
  attempts: number;
}

/** The outcome of one batch's deliveries, written at its end. */
interface Deliveries {
  /** Each successful delivery as an event id and handler name at the same index. */
  eventIds: string[];
  handlers: string[];
  /** Events every handler has now taken, to delete. */
  dispatched: string[];
  /** Whether the handler savepoint exists, so the next handler releases it and sets a new one in one round trip. */
  savepointSet: boolean;
  /** The first error of each event that a handler failed on, by event id. */
  failures: Map<string, unknown>;
}

/** Rebuilds a delivered event from its outbox row, with the row's id as its sequence. */
function eventOf(eventClass: DomainEventClass, row: OutboxRow): DomainEvent {
  const event = new eventClass(row.payload, new Date(row.occurred_at));
  event.sequence = BigInt(row.id);

  return event;
}

/** Attempts after which an event is parked with failed_at set and no longer retried. */
const MAX_ATTEMPTS = 20;
const BATCH_SIZE = 100;

/**
 * Delivers outbox events to in-process handlers after their transaction committed.
 *
 * Each batch is claimed with FOR UPDATE SKIP LOCKED, so several instances share the work without
 * delivering one event twice. A handler runs inside the claiming transaction under a savepoint, so its
 * database effects commit together with the event's removal from the outbox, and a crash loses nothing.
 * Handlers must only write to the database, and external side effects go through their own queue.
 *
 * An event that every handler took is deleted at the end of the batch, with one statement for the whole
 * batch. When a handler fails, the event stays with a raised attempt count and a later next attempt,
 * and kernel.outbox_delivery records the handlers that did take it, so the retry skips them. Each
 * handler's savepoint replaces the previous one in the same round trip, and the commit releases the last.
 *
 * A batch handler (subscribeBatch) gets all due events of its types in a claimed batch in one call, so a
 * read model can apply a hundred events with a few multi-row statements instead of a few per event. When
 * that call fails, the events are handed to it again one at a time, so one bad event holds back only itself.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly batchSubscriptions: BatchSubscription[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private pending = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionHost,
    private readonly signal: OutboxSignal,
    private readonly config: AppConfig,
  ) {}

  /** Registers a handler. The handler name is stored with each delivery and must stay stable across releases. */
  subscribe<E extends DomainEvent>(
    eventClass: DomainEventClass<E>,
    handlerName: string,
    handle: (event: E) => Promise<void>,
  ): void {
    const list = this.subscriptions.get(eventClass.eventType) ?? [];
    if (list.some((subscription) => subscription.handlerName === handlerName) || this.isBatchHandler(handlerName)) {
      throw new Error(`Handler ${handlerName} is already subscribed to ${eventClass.eventType}`);
    }
    list.push({ handlerName, eventClass: eventClass as unknown as DomainEventClass, handle: handle as (event: DomainEvent) => Promise<void> });
    this.subscriptions.set(eventClass.eventType, list);
  }

  /**
   * Registers a handler that receives the due events of the given types in batches of up to 100, in
   * outbox order. It must accept any subset of them again, since a failed batch is retried one event
   * at a time and a crash redelivers the events it had not committed.
   */
  subscribeBatch<const E extends readonly DomainEvent[]>(
    handlerName: string,
    eventClasses: { readonly [K in keyof E]: DomainEventClass<E[K]> },
    handle: (events: E[number][]) => Promise<void>,
  ): void {
    const perEvent = [...this.subscriptions.values()].flat();
    if (this.isBatchHandler(handlerName) || perEvent.some((subscription) => subscription.handlerName === handlerName)) {
      throw new Error(`Handler ${handlerName} is already subscribed`);
    }

    this.batchSubscriptions.push({
      handlerName,
      eventClasses: new Map(eventClasses.map((eventClass) => [eventClass.eventType, eventClass as unknown as DomainEventClass])),
      handle: handle as (events: DomainEvent[]) => Promise<void>,
    });
  }

  onApplicationBootstrap(): void {
    this.signal.onCommitted(() => this.schedule());
    this.timer = setInterval(() => this.schedule(), this.config.OUTBOX_POLL_INTERVAL_MS);
    this.timer.unref();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }

  /** Delivers every due event, including those that other events' handlers raise, then returns. */
  async drain(): Promise<void> {
    for (;;) {
      const delivered = await this.enqueue(() => this.dispatchBatch());
      if (delivered === 0) return;
    }
  }

  /** Claims and delivers one batch of due events. Returns how many events it claimed. */
  async dispatchBatch(): Promise<number> {
    const written: DomainEvent[] = [];
    const claimed = await this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, event_type, payload, occurred_at, attempts
           FROM kernel.outbox_event
          WHERE failed_at IS NULL AND next_attempt_at <= now()
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;

      // Deliveries are written only together with a raised attempt count, so an event never attempted
      // before has none.
      const retried = rows.filter((row) => row.attempts > 0).map((row) => row.id);
      const delivered = retried.length > 0 ? await this.loadDeliveries(manager, retried) : new Set<string>();
      const done: Deliveries = { eventIds: [], handlers: [], dispatched: [], savepointSet: false, failures: new Map() };
      for (const row of rows) {
        await this.deliver(manager, row, delivered, written, done);
      }
      for (const subscription of this.batchSubscriptions) {
        await this.deliverBatch(manager, subscription, rows, delivered, written, done);
      }
      for (const row of rows) {
        if (done.failures.has(row.id)) await this.postpone(manager, row, done.failures.get(row.id));
        else done.dispatched.push(row.id);
      }
      const partial = done.eventIds.map((eventId) => done.failures.has(eventId));
      if (partial.includes(true)) {
        await manager.query(
          'INSERT INTO kernel.outbox_delivery (event_id, handler) SELECT * FROM unnest($1::bigint[], $2::text[])',
          [done.eventIds.filter((_, index) => partial[index]), done.handlers.filter((_, index) => partial[index])],
        );
      }
      if (done.dispatched.length > 0) {
        // Deliveries of earlier attempts go with the event (ON DELETE CASCADE).
        await manager.query('DELETE FROM kernel.outbox_event WHERE id = ANY($1::bigint[])', [done.dispatched]);
      }

      return rows.length;
    });
    this.transactions.announceCommitted(written);

    return claimed;
  }

  private schedule(): void {
    if (this.stopped || this.pending) return;

    this.pending = true;
    void this.enqueue(async () => {
      this.pending = false;
      try {
        while (!this.stopped && (await this.dispatchBatch()) === BATCH_SIZE);
      } catch (error) {
        this.logger.error({ err: error }, 'outbox dispatch failed');
      }
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);

    return next;
  }

  private async loadDeliveries(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
    const rows: { event_id: string; handler: string }[] = await manager.query(
      'SELECT event_id, handler FROM kernel.outbox_delivery WHERE event_id = ANY($1::bigint[])',
      [eventIds],
    );

    return new Set(rows.map((row) => `${row.event_id}:${row.handler}`));
  }

  private async deliver(
    manager: EntityManager,
    row: OutboxRow,
    delivered: Set<string>,
    written: DomainEvent[],
    done: Deliveries,
  ): Promise<void> {
    for (const subscription of this.subscriptions.get(row.event_type) ?? []) {
      if (delivered.has(`${row.id}:${subscription.handlerName}`)) continue;

      const event = eventOf(subscription.eventClass, row);
      const failure = await this.attempt(manager, done, written, () => subscription.handle(event));
      if (failure === undefined) this.recordDelivery(done, row.id, subscription.handlerName);
      else this.recordFailure(done, [row], subscription.handlerName, failure);
    }
  }

  private async deliverBatch(
    manager: EntityManager,
    subscription: BatchSubscription,
    rows: OutboxRow[],
    delivered: Set<string>,
    written: DomainEvent[],
    done: Deliveries,
  ): Promise<void> {
    const due = rows.filter((row) => subscription.eventClasses.has(row.event_type) && !delivered.has(`${row.id}:${subscription.handlerName}`));
    if (due.length === 0) return;

    const eventFor = (row: OutboxRow) => eventOf(subscription.eventClasses.get(row.event_type) as DomainEventClass, row);
    const failure = await this.attempt(manager, done, written, () => subscription.handle(due.map(eventFor)));
    if (failure === undefined) {
      for (const row of due) this.recordDelivery(done, row.id, subscription.handlerName);

      return;
    }
    if (due.length === 1) {
      this.recordFailure(done, due, subscription.handlerName, failure);

      return;
    }

    // Finds the events that fail on their own; the others are delivered now.
    for (const row of due) {
      const single = await this.attempt(manager, done, written, () => subscription.handle([eventFor(row)]));
      if (single === undefined) this.recordDelivery(done, row.id, subscription.handlerName);
      else this.recordFailure(done, [row], subscription.handlerName, single);
    }
  }

  /** Runs a handler under the savepoint and returns its error, after rolling its work back, or undefined. */
  private async attempt(manager: EntityManager, done: Deliveries, written: DomainEvent[], work: () => Promise<void>): Promise<unknown> {
    // Without parameters, node-postgres sends both statements in one simple query.
    await manager.query(done.savepointSet ? 'RELEASE SAVEPOINT outbox_handler; SAVEPOINT outbox_handler' : 'SAVEPOINT outbox_handler');
    done.savepointSet = true;
    try {
      const raised: DomainEvent[] = [];
      await this.transactions.runWithin(manager, work, raised);
      written.push(...raised);

      return undefined;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT outbox_handler');

      return error ?? new Error('handler failed without an error');
    }
  }

  private recordDelivery(done: Deliveries, eventId: string, handlerName: string): void {
    done.eventIds.push(eventId);
    done.handlers.push(handlerName);
  }

  private recordFailure(done: Deliveries, rows: OutboxRow[], handlerName: string, error: unknown): void {
    for (const row of rows) {
      if (!done.failures.has(row.id)) done.failures.set(row.id, error);
      this.logger.error(
        { err: error, eventId: row.id, eventType: row.event_type, handler: handlerName, attempt: row.attempts + 1 },
        'event handler failed',
      );
    }
  }

  /** Raises the attempt count of an event a handler failed on and sets its next attempt, or parks it. */
  private async postpone(manager: EntityManager, row: OutboxRow, failure: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const backoffSeconds = Math.min(2 ** attempts, 3600);
    await manager.query(
      `UPDATE kernel.outbox_event
          SET attempts = $2::integer,
              last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4::double precision),
              failed_at = CASE WHEN $2::integer >= $5::integer THEN now() END
        WHERE id = $1`,
      [row.id, attempts, String(failure instanceof Error ? failure.message : failure).slice(0, 2000), backoffSeconds, MAX_ATTEMPTS],
    );
  }

  private isBatchHandler(handlerName: string): boolean {
    return this.batchSubscriptions.some((subscription) => subscription.handlerName === handlerName);
  }
}
