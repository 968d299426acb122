import { setTimeout as sleep } from 'node:timers/promises';
import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('returns stored values and undefined for missing keys; null is a value, not a miss', () => {
    const cache = new LruCache<string, number | null>({ maxEntries: 10 });
    cache.set('a', 1);
    cache.set('none', null);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('none')).toBeNull();
    expect(cache.get('missing')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new LruCache<string, number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([2, 3, 4]);
  });

  it('counts a read as a use: the entry read survives the next eviction', () => {
    const cache = new LruCache<string, number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
  });

  it('counts an overwrite as a use and does not grow the cache', () => {
    const cache = new LruCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect(cache.size).toBe(2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(10);
    expect(cache.get('b')).toBeUndefined();
  });

  it('expires entries after their own TTL', async () => {
    const cache = new LruCache<string, string>({ maxEntries: 10, defaultTtlMs: 60_000 });
    cache.set('short', 'x', 30);
    cache.set('long', 'y');
    expect(cache.get('short')).toBe('x');
    await sleep(60);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBe('y');
    expect(cache.size).toBe(1);
  });

  it('applies the default TTL to entries set without one', async () => {
    const cache = new LruCache<string, string>({ maxEntries: 10, defaultTtlMs: 30 });
    cache.set('k', 'v');
    await sleep(60);
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not store an entry with a TTL of zero', () => {
    const cache = new LruCache<string, string>({ maxEntries: 10 });
    cache.set('k', 'v', 0);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deletes and clears', () => {
    const cache = new LruCache<string, number>({ maxEntries: 10 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.delete('a')).toBe(true);
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('rejects a non-positive bound', () => {
    expect(() => new LruCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
