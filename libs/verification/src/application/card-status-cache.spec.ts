import { CardStatusCache } from './card-status-cache';

describe('CardStatusCache', () => {
  let now = 0;
  const cache = (maxEntries = 10) => {
    const instance = new CardStatusCache<string>({ maxEntries, ttlMs: 1000, notFoundTtlMs: 100 }, () => now);
    instance.setLive(true);

    return instance;
  };

  beforeEach(() => {
    now = 0;
  });

  it('returns stored cards and absences', () => {
    const entries = cache();
    entries.store('a', 'card a', entries.generation);
    entries.store('b', null, entries.generation);

    expect(entries.get('a')).toEqual({ value: 'card a' });
    expect(entries.get('b')).toEqual({ value: null });
  });

  it('forgets absences sooner than cards', () => {
    const entries = cache();
    entries.store('a', 'card a', entries.generation);
    entries.store('b', null, entries.generation);

    now = 100;
    expect(entries.get('b')).toBeUndefined();
    expect(entries.get('a')).toEqual({ value: 'card a' });
    now = 1000;
    expect(entries.get('a')).toBeUndefined();
  });

  it('drops a read that raced with an eviction', () => {
    const entries = cache();
    const generation = entries.generation;
    entries.evict('other');
    entries.store('a', 'stale card', generation);

    expect(entries.get('a')).toBeUndefined();
  });

  it('answers nothing while not live', () => {
    const entries = cache();
    entries.store('a', 'card a', entries.generation);
    entries.setLive(false);
    entries.store('b', 'card b', entries.generation);

    expect(entries.get('a')).toBeUndefined();
    expect(entries.get('b')).toBeUndefined();
    entries.setLive(true);
    expect(entries.get('a')).toBeUndefined();
  });

  it('evicts the least recently used entry', () => {
    const entries = cache(2);
    entries.store('a', 'card a', entries.generation);
    entries.store('b', 'card b', entries.generation);
    entries.get('a');
    entries.store('c', 'card c', entries.generation);

    expect(entries.get('b')).toBeUndefined();
    expect(entries.get('a')).toEqual({ value: 'card a' });
    expect(entries.size).toBe(2);
  });

  it('keeps evicting in use order over many stores', () => {
    const entries = cache(3);
    const keys = () => ['a', 'b', 'c', 'd', 'e', 'f'].filter((key) => entries.get(key) !== undefined);
    for (const key of ['a', 'b', 'c']) entries.store(key, `card ${key}`, entries.generation);
    entries.get('a');
    entries.store('d', 'card d', entries.generation);
    entries.store('e', 'card e', entries.generation);
    entries.evict('d');
    entries.store('f', 'card f', entries.generation);
    entries.store('b', 'card b', entries.generation);

    // Order of use before the last store: a, e, f. Storing b evicts a.
    expect(keys()).toEqual(['b', 'e', 'f']);

    entries.clear();
    for (const key of ['a', 'b', 'c', 'd']) entries.store(key, `card ${key}`, entries.generation);
    expect(keys()).toEqual(['b', 'c', 'd']);
  });
});
