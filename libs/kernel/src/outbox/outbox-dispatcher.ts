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

interface OutboxRow {
  id: string;
  event_type: string;
  payload: object;
  occurred_at: Date;
  attempts: number;
}

/** Deliveries of one batch, written at its end. */
interface Deliveries {
  eventIds: string[];
  handlers: string[];
  dispatched: string[];
  /** Whether the handler savepoint exists, so the next handler releases it and sets a new one in one round trip. */
  savepointSet: boolean;
}

/** Attempts after which an event is parked with failed_at set and no longer retried. */
const MAX_ATTEMPTS = 20;
const BATCH_SIZE = 100;

/**
 * Delivers outbox events to in-process handlers after their transaction committed.
 *
 * Each batch is claimed with FOR UPDATE SKIP LOCKED, so several instances share the work without
 * delivering one event twice. A handler runs inside the claiming transaction under a savepoint, and
 * the same transaction records its delivery in kernel.outbox_delivery. Its database effects and that
 * record therefore commit together, so a crash loses nothing and a redelivery skips handlers already done.
 * Handlers must only write to the database, and external side effects go through their own queue.
 * The deliveries and dispatched marks of a batch are written with one statement each at its end. Each
 * handler's savepoint replaces the previous one in the same round trip, and the commit releases the last.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly subscriptions = new Map<string, Subscription[]>();
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
    if (list.some((subscription) => subscription.handlerName === handlerName)) {
      throw new Error(`Handler ${handlerName} is already subscribed to ${eventClass.eventType}`);
    }
    list.push({ handlerName, eventClass: eventClass as unknown as DomainEventClass, handle: handle as (event: DomainEvent) => Promise<void> });
    this.subscriptions.set(eventClass.eventType, list);
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
          WHERE dispatched_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;

      // Deliveries are committed together with the dispatched mark or with a raised attempt count,
      // so an event never attempted before has none.
      const retried = rows.filter((row) => row.attempts > 0).map((row) => row.id);
      const delivered = retried.length > 0 ? await this.loadDeliveries(manager, retried) : new Set<string>();
      const done: Deliveries = { eventIds: [], handlers: [], dispatched: [], savepointSet: false };
      for (const row of rows) {
        await this.deliver(manager, row, delivered, written, done);
      }
      if (done.eventIds.length > 0) {
        await manager.query(
          'INSERT INTO kernel.outbox_delivery (event_id, handler) SELECT * FROM unnest($1::bigint[], $2::text[])',
          [done.eventIds, done.handlers],
        );
      }
      if (done.dispatched.length > 0) {
        await manager.query('UPDATE kernel.outbox_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [done.dispatched]);
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
    const subscriptions = this.subscriptions.get(row.event_type) ?? [];
    let failure: unknown;

    for (const subscription of subscriptions) {
      if (delivered.has(`${row.id}:${subscription.handlerName}`)) continue;

      const event = new subscription.eventClass(row.payload, new Date(row.occurred_at));
      // Without parameters, node-postgres sends both statements in one simple query.
      await manager.query(done.savepointSet ? 'RELEASE SAVEPOINT outbox_handler; SAVEPOINT outbox_handler' : 'SAVEPOINT outbox_handler');
      done.savepointSet = true;
      try {
        const raised: DomainEvent[] = [];
        await this.transactions.runWithin(manager, () => subscription.handle(event), raised);
        written.push(...raised);
        done.eventIds.push(row.id);
        done.handlers.push(subscription.handlerName);
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT outbox_handler');
        failure = error;
        this.logger.error(
          { err: error, eventId: row.id, eventType: row.event_type, handler: subscription.handlerName, attempt: row.attempts + 1 },
          'event handler failed',
        );
      }
    }

    if (failure === undefined) {
      done.dispatched.push(row.id);

      return;
    }

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
}
