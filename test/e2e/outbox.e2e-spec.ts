import { DataSource } from 'typeorm';
import { DomainEvent, OutboxDispatcher, TransactionHost } from '@escr/kernel';
import { startTestApp, TestApp } from '../support/test-app';

class Pinged extends DomainEvent<{ sequence: number }> {
  static readonly eventType = 'test.Pinged';
}

describe('transactional outbox', () => {
  let testApp: TestApp;
  let dispatcher: OutboxDispatcher;
  let transactions: TransactionHost;
  let dataSource: DataSource;
  const steady: number[] = [];
  const flaky: number[] = [];
  let flakyFailuresLeft = 1;

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
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('delivers a committed event to each handler once, retrying only the one that failed', async () => {
    await transactions.run(async () => transactions.record(new Pinged({ sequence: 1 })));
    await dispatcher.drain();

    expect(steady).toEqual([1]);
    expect(flaky).toEqual([]);
    const [pending] = await dataSource.query(`SELECT attempts, last_error, dispatched_at FROM kernel.outbox_event WHERE event_type = 'test.Pinged'`);
    expect(pending).toMatchObject({ attempts: 1, last_error: 'flaky handler failed', dispatched_at: null });

    await dataSource.query(`UPDATE kernel.outbox_event SET next_attempt_at = now() WHERE event_type = 'test.Pinged'`);
    await dispatcher.drain();

    expect(steady).toEqual([1]);
    expect(flaky).toEqual([1]);
    const deliveries = await dataSource.query('SELECT handler FROM kernel.outbox_delivery ORDER BY handler');
    expect(deliveries.map((row: { handler: string }) => row.handler)).toEqual(
      expect.arrayContaining(['test.flaky', 'test.steady']),
    );
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
});
