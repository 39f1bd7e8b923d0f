import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('computes a value once', () => {
    const cache = new LruCache<string, number>(2);
    const create = jest.fn(() => 1);
    cache.getOrCreate('a', create);
    cache.getOrCreate('a', create);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, string>(2);
    cache.getOrCreate('a', () => 'first a');
    cache.getOrCreate('b', () => 'first b');
    cache.getOrCreate('a', () => 'second a');
    cache.getOrCreate('c', () => 'first c');
    expect(cache.size).toBe(2);
    expect(cache.getOrCreate('a', () => 'third a')).toBe('first a');
    expect(cache.getOrCreate('b', () => 'second b')).toBe('second b');
  });
});
