import { AppConfig, Clock } from '@escr/kernel';
import { VerificationError } from '../domain/verification.error';
import type { CardStatusReader, ProjectedCard } from '../infrastructure/card-status.reader';
import { CardStatusCache } from './card-status-cache';
import { LookupCounters } from './lookup-counters';
import { StatusLookupService } from './status-lookup.service';

const ESCN = '3e506370-826a-103d-bf76-001000000001';
const OTHER_ESCN = '3e506370-826a-103d-bf76-001000000002';

function card(status: 'ACTIVE' | 'INACTIVE'): ProjectedCard {
  return {
    cardNumber: ESCN,
    status,
    cardType: 'SMART_PASSIVE',
    issuedAt: '2026-01-10',
    expiresAt: '2030-06-30',
    issuerIdentifier: '100000001',
    issuerName: 'Test University',
    displayName: null,
    issuerNewLogoAt: '2026-01-01',
  };
}

/** A reader whose reads stay pending until the test resolves them, in the order they started. */
class ControlledReader {
  inTransaction = false;
  readonly reads: { escn: string; resolve: (card: ProjectedCard | null) => void; reject: (error: Error) => void }[] = [];

  find(escn: string): Promise<ProjectedCard | null> {
    return new Promise((resolve, reject) => this.reads.push({ escn, resolve, reject }));
  }
}

describe('StatusLookupService', () => {
  let reader: ControlledReader;
  let cache: CardStatusCache<ProjectedCard>;
  let service: StatusLookupService;

  beforeEach(() => {
    reader = new ControlledReader();
    cache = new CardStatusCache<ProjectedCard>({ maxEntries: 100, ttlMs: 60_000, notFoundTtlMs: 5000 });
    cache.setLive(true);
    const clock = { now: () => new Date('2026-12-04T12:00:00Z') } as Clock;
    service = new StatusLookupService(reader as unknown as CardStatusReader, cache, new LookupCounters({} as AppConfig), clock);
  });

  it('shares one read among concurrent misses', async () => {
    const first = service.lookup(ESCN);
    const second = service.lookup(ESCN.toUpperCase());
    expect(reader.reads).toHaveLength(1);

    reader.reads[0].resolve(card('ACTIVE'));
    const [a, b] = await Promise.all([first, second]);

    expect(a.verdict.status).toBe('ACTIVE');
    expect(b.verdict.status).toBe('ACTIVE');
    expect(cache.get(ESCN)?.value?.status).toBe('ACTIVE');
  });

  it('reads different ESCNs separately', () => {
    void service.lookup(ESCN);
    void service.lookup(OTHER_ESCN);

    expect(reader.reads.map((read) => read.escn)).toEqual([ESCN, OTHER_ESCN]);
  });

  it('starts a new read after an eviction', async () => {
    const beforeChange = service.lookup(ESCN);
    cache.evict(ESCN);
    const afterChange = service.lookup(ESCN);
    expect(reader.reads).toHaveLength(2);

    reader.reads[0].resolve(card('ACTIVE'));
    reader.reads[1].resolve(card('INACTIVE'));

    expect((await beforeChange).verdict.status).toBe('ACTIVE');
    expect((await afterChange).verdict.status).toBe('INACTIVE');
    expect(cache.get(ESCN)?.value?.status).toBe('INACTIVE');
  });

  it('shares no read while the cache is off', () => {
    cache.setLive(false);
    void service.lookup(ESCN);
    void service.lookup(ESCN);

    expect(reader.reads).toHaveLength(2);
  });

  it('shares no read inside a transaction', () => {
    reader.inTransaction = true;
    void service.lookup(ESCN);
    void service.lookup(ESCN);

    expect(reader.reads).toHaveLength(2);
  });

  it('rejects every sharer when the read fails', async () => {
    const first = service.lookup(ESCN);
    const second = service.lookup(ESCN);
    reader.reads[0].reject(new Error('connection terminated'));

    await expect(first).rejects.toThrow('connection terminated');
    await expect(second).rejects.toThrow('connection terminated');

    void service.lookup(ESCN);
    expect(reader.reads).toHaveLength(2);
  });

  it('rejects unknown and malformed ESCNs with their codes', async () => {
    const unknown = service.lookup(ESCN);
    reader.reads[0].resolve(null);

    await expect(unknown).rejects.toMatchObject({ code: 'ER-0001' });
    await expect(service.lookup(ESCN)).rejects.toBeInstanceOf(VerificationError);
    await expect(service.lookup('not-an-escn')).rejects.toMatchObject({ code: 'ER-0100' });
    expect(reader.reads).toHaveLength(1);
  });
});
