/**
 * A bounded in-memory cache with least-recently-used eviction and a time-to-live per entry.
 * Relies on Map keeping insertion order: re-inserting a key on access moves it to the "recent" end,
 * so the first key is always the least recently used.
 */

export interface LruCacheOptions {
  maxEntries: number;
  /** TTL of entries stored without an explicit one. Default: no expiry. */
  defaultTtlMs?: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class LruCache<K, V> {
  readonly maxEntries: number;
  private readonly defaultTtlMs: number;
  private readonly entries = new Map<K, Entry<V>>();

  constructor(options: LruCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError('maxEntries must be an integer >= 1');
    this.maxEntries = options.maxEntries;
    this.defaultTtlMs = options.defaultTtlMs ?? Number.POSITIVE_INFINITY;
  }

  /** The value, or undefined when absent or expired (so `null` can be cached as a value). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= performance.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, ttlMs: number = this.defaultTtlMs): void {
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;
    this.entries.set(key, { value, expiresAt: performance.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Stored entries, including expired ones not yet dropped (they go on access or eviction). */
  get size(): number {
    return this.entries.size;
  }
}
