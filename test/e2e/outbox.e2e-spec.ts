import { DataSource } from 'typeorm';
import { DomainEvent, OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { startTestApp, TestApp } from '../support/test-app';

class Pinged extends DomainEvent<{ sequence: number }> {
  static readonly eventType = 'test.Pinged';
}

class Tallied extends DomainEvent<{ sequence: number }> {
  static readonly eventType = 'test.Tallied';
}

class Cleared extends DomainEvent<{ reason: string }> {
  static readonly eventType = 'test.Cleared';
}

describe('transactional outbox', () => {
  let testApp: TestApp;
  let dispatcher: OutboxDispatcher;
  let transactions: TransactionHost;
  let dataSource: DataSource;
  const steady: number[] = [];
  const flaky: number[] = [];
  let flakyFailuresLeft = 1;
  /** The events each call of the batch handler received, as sequence numbers or reasons. */
  const batches: (number | string)[][] = [];
  /** Sequence numbers the batch handler rejects while they are listed. */
  const rejected = new Set<number>();

  beforeAll(async () => {
    testApp = await startTestApp({ env: { OUTBOX_POLL_INTERVAL_MS: '60000' } });
    dispatcher = testApp.app.get(OutboxDispatcher);
    transactions = testApp.app.get(TransactionHost);
    dataSource = testApp.app.get(DataSource);
    dispatcher.subscribe(Pinged, 'test.steady', async (event) => {
      steady.push(event.payload.sequence);
    });
    dispatcher.subscribe(Pinged, 'test.flaky', async (event) => {
      if (flakyFailuresLeft > 0) {
        flakyFailuresLeft--;
        throw new Error('flaky handler failed');
      }
      flaky.push(event.payload.sequence);
    });
    dispatcher.subscribeBatch('test.tally', [Tallied, Cleared], async (events) => {
      const received = events.map((event) => (event instanceof Tallied ? event.payload.sequence : event.payload.reason));
      // The handler writes, so a rejection also shows that its work is rolled back with it.
      await transactions.manager.query(`SELECT pg_notify('test_tally', $1)`, [received.join(',')]);
      const rejectedOne = received.find((value) => typeof value === 'number' && rejected.has(value));
      if (rejectedOne !== undefined) throw new Error(`sequence ${rejectedOne} rejected`);
      batches.push(received);
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('delivers a committed event to each handler once, retrying only the one that failed', async () => {
    await transactions.run(async () => transactions.record(new Pinged({ sequence: 1 })));
    await dispatcher.drain();

    expect(steady).toEqual([1]);
    expect(flaky).toEqual([]);
    const [pending] = await dataSource.query(`SELECT id, attempts, last_error FROM kernel.outbox_event WHERE event_type = 'test.Pinged'`);
    expect(pending).toMatchObject({ attempts: 1, last_error: 'flaky handler failed' });
    const partial = await dataSource.query('SELECT handler FROM kernel.outbox_delivery WHERE event_id = $1', [pending.id]);
    expect(partial).toEqual([{ handler: 'test.steady' }]);

    await dataSource.query(`UPDATE kernel.outbox_event SET next_attempt_at = now() WHERE event_type = 'test.Pinged'`);
    await dispatcher.drain();

    expect(steady).toEqual([1]);
    expect(flaky).toEqual([1]);
    expect(await dataSource.query('SELECT 1 FROM kernel.outbox_event WHERE id = $1', [pending.id])).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM kernel.outbox_delivery WHERE event_id = $1', [pending.id])).toEqual([]);
  });

  it('never delivers an event of a rolled-back transaction', async () => {
    await expect(
      transactions.run(async () => {
        transactions.record(new Pinged({ sequence: 2 }));
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    await dispatcher.drain();

    expect(steady).toEqual([1]);
  });

  it('delivers events left undelivered by a crash after commit', async () => {
    await dataSource.query(
      `INSERT INTO kernel.outbox_event (event_type, payload, occurred_at) VALUES ('test.Pinged', '{"sequence": 3}', now())`,
    );
    await dispatcher.drain();

    expect(steady).toEqual([1, 3]);
    expect(flaky).toEqual([1, 3]);
  });

  it('delivers a batch in one call', async () => {
    await transactions.run(async () => {
      transactions.record(new Tallied({ sequence: 1 }));
      transactions.record(new Pinged({ sequence: 4 }));
      transactions.record(new Cleared({ reason: 'end of term' }));
      transactions.record(new Tallied({ sequence: 2 }));
    });
    await dispatcher.drain();

    expect(batches).toEqual([[1, 'end of term', 2]]);
    const left = await dataSource.query(`SELECT 1 FROM kernel.outbox_event WHERE event_type IN ('test.Tallied', 'test.Cleared')`);
    expect(left).toEqual([]);
  });

  it('retries a failed batch per event', async () => {
    batches.length = 0;
    rejected.add(12);
    await transactions.run(async () => {
      for (const sequence of [11, 12, 13]) transactions.record(new Tallied({ sequence }));
    });
    await dispatcher.drain();

    expect(batches).toEqual([[11], [13]]);
    const rows = await dataSource.query(
      `SELECT payload->>'sequence' AS sequence, attempts, last_error FROM kernel.outbox_event WHERE event_type = 'test.Tallied' ORDER BY id`,
    );
    expect(rows).toEqual([{ sequence: '12', attempts: 1, last_error: 'sequence 12 rejected' }]);

    rejected.clear();
    await dataSource.query(`UPDATE kernel.outbox_event SET next_attempt_at = now() WHERE event_type = 'test.Tallied'`);
    await dispatcher.drain();

    expect(batches).toEqual([[11], [13], [12]]);
  });

  it('refuses a handler name that is already taken', () => {
    expect(() => dispatcher.subscribeBatch('test.tally', [Pinged], async () => undefined)).toThrow('already subscribed');
    expect(() => dispatcher.subscribeBatch('test.steady', [Pinged], async () => undefined)).toThrow('already subscribed');
    expect(() => dispatcher.subscribe(Tallied, 'test.tally', async () => undefined)).toThrow('already subscribed');
  });
});
