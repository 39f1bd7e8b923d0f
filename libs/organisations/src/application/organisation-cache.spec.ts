import { AppConfig, Clock, CommittedEventsListener, DomainEvent, TransactionHost } from '@escr/kernel';
import { JcaProcessorsChanged } from '../events/organisation-events.js';
import { OrganisationCache } from './organisation-cache.js';
import { OrganisationSnapshot } from './organisation-snapshot.js';

class FixedClock extends Clock {
  constructor(public current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }
}

class CardPinged extends DomainEvent<{ id: number }> {
  static readonly eventType = 'cards.CardPinged';
}

const snapshot: OrganisationSnapshot = {
  id: 7,
  type: 'HEI',
  identifier: '999999999',
  name: 'Cache University',
  country: 'FR',
  status: 'ACTIVE',
  schacHomeOrganization: null,
  website: null,
  address: null,
  newLogoAt: null,
  publishDisplayName: false,
};

function setUp(ttlMs = 1000) {
  let listener: CommittedEventsListener = () => undefined;
  const transactions = { onEventsCommitted: (registered: CommittedEventsListener) => (listener = registered) } as unknown as TransactionHost;
  const config = Object.assign(new AppConfig(), { ORGANISATION_CACHE_TTL_MS: ttlMs });
  const clock = new FixedClock(new Date('2026-12-04T12:00:00Z'));
  const cache = new OrganisationCache(config, transactions, clock);

  return { cache, clock, commit: (events: DomainEvent[]) => listener(events) };
}

describe('OrganisationCache', () => {
  it('keeps a passed gate until an organisations event commits', () => {
    const { cache, commit } = setUp();
    cache.storePassedGate(cache.mark(), snapshot, null);

    commit([new CardPinged({ id: 1 })]);
    expect(cache.passedGate(7)).toEqual(snapshot);
    expect(cache.snapshotByIdentifier('999999999')).toEqual(snapshot);

    commit([new JcaProcessorsChanged({ organisationId: 7, type: 'HEI', identifier: '999999999', name: 'Cache University', processorVatNumbers: [] })]);
    expect(cache.passedGate(7)).toBeUndefined();
    expect(cache.snapshot(7)).toBeUndefined();
  });

  it('drops a load that a clear overtook', () => {
    const { cache } = setUp();
    const mark = cache.mark();

    cache.clear();
    cache.storePassedGate(mark, snapshot, null);

    expect(cache.passedGate(7)).toBeUndefined();
    expect(cache.snapshot(7)).toBeUndefined();
  });

  it('ends a passed gate at the next publication time', () => {
    const { cache, clock } = setUp();
    const publication = new Date(clock.current.getTime() + 60_000);
    cache.storePassedGate(cache.mark(), snapshot, publication);
    expect(cache.passedGate(7)).toEqual(snapshot);

    clock.current = publication;

    expect(cache.passedGate(7)).toBeUndefined();
  });

  it('expires entries after the TTL', async () => {
    const { cache } = setUp(20);
    cache.storePassedGate(cache.mark(), snapshot, null);

    await new Promise((resolve) => setTimeout(resolve, 40));

    expect(cache.passedGate(7)).toBeUndefined();
    expect(cache.snapshot(7)).toBeUndefined();
  });

  it('stores nothing when the TTL is 0', () => {
    const { cache } = setUp(0);
    cache.storePassedGate(cache.mark(), snapshot, null);

    expect(cache.enabled).toBe(false);
    expect(cache.passedGate(7)).toBeUndefined();
  });
});
