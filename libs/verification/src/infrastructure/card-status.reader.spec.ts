import type { TransactionHost } from '@escr/kernel';
import type { DataSource } from 'typeorm';
import { CardStatusReader, ProjectedCard } from './card-status.reader';

const escn = (n: number) => `3e506370-826a-103d-bf76-00100000000${n}`;

function card(number: string): ProjectedCard {
  return {
    cardNumber: number,
    status: 'ACTIVE',
    cardType: 'SMART_PASSIVE',
    issuedAt: '2026-01-10',
    expiresAt: '2030-06-30',
    issuerIdentifier: '100000001',
    issuerName: 'Test University',
    displayName: null,
    issuerNewLogoAt: null,
  };
}

interface SentQuery {
  name: string;
  values: string[][];
  resolve: (result: { rows: ProjectedCard[] }) => void;
  reject: (error: Error) => void;
}

/** A pg pool stand-in whose queries stay pending until the test resolves or rejects them. */
class ControlledPool {
  readonly queries: SentQuery[] = [];

  constructor(readonly options: { max: number }) {}

  query(config: { name: string; values: string[][] }): Promise<{ rows: ProjectedCard[] }> {
    return new Promise((resolve, reject) => this.queries.push({ name: config.name, values: config.values, resolve, reject }));
  }
}

describe('CardStatusReader', () => {
  let pool: ControlledPool;
  let reader: CardStatusReader;

  const readerWithPool = (max: number) => {
    pool = new ControlledPool({ max });
    const transactions = { inTransaction: false } as TransactionHost;

    return new CardStatusReader(transactions, { driver: { master: pool } } as unknown as DataSource);
  };

  beforeEach(() => {
    reader = readerWithPool(1);
  });

  it('sends a lone read at once', () => {
    void reader.find(escn(1));

    expect(pool.queries).toHaveLength(1);
    expect(pool.queries[0].values).toEqual([[escn(1)]]);
  });

  it('batches reads that wait for a connection', async () => {
    const first = reader.find(escn(1));
    const second = reader.find(escn(2));
    const third = reader.find(escn(3));
    expect(pool.queries).toHaveLength(1);

    pool.queries[0].resolve({ rows: [card(escn(1))] });
    expect(await first).toEqual(card(escn(1)));
    expect(pool.queries).toHaveLength(2);
    expect(pool.queries[1].values).toEqual([[escn(2), escn(3)]]);

    pool.queries[1].resolve({ rows: [card(escn(3))] });
    expect(await second).toBeNull();
    expect(await third).toEqual(card(escn(3)));
  });

  it('runs queries on at most half the pool at once', () => {
    reader = readerWithPool(5);
    void reader.find(escn(1));
    void reader.find(escn(2));
    void reader.find(escn(3));

    expect(pool.queries.map((query) => query.values[0])).toEqual([[escn(1)], [escn(2)]]);
  });

  it('rejects every read of a failed batch and goes on', async () => {
    void reader.find(escn(1));
    const second = reader.find(escn(2));
    const third = reader.find(escn(3));
    pool.queries[0].resolve({ rows: [] });
    await Promise.resolve();

    pool.queries[1].reject(new Error('connection terminated'));
    await expect(second).rejects.toThrow('connection terminated');
    await expect(third).rejects.toThrow('connection terminated');

    const fourth = reader.find(escn(4));
    expect(pool.queries).toHaveLength(3);
    pool.queries[2].resolve({ rows: [card(escn(4))] });
    expect(await fourth).toEqual(card(escn(4)));
  });

  it('caps a batch at 64 ESCNs', () => {
    void reader.find(escn(0));
    for (let i = 0; i < 70; i++) void reader.find(`3e506370-826a-103d-bf76-${String(i).padStart(12, '0')}`);
    pool.queries[0].resolve({ rows: [] });

    return Promise.resolve().then(() => {
      expect(pool.queries[1].values[0]).toHaveLength(64);
    });
  });
});
