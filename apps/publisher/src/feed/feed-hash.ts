import { createHash } from 'node:crypto';

/** Hash of the chain before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so equal content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function contentHash(payload: unknown | null): string {
  return sha256(canonicalJson(payload));
}

/**
 * The hash of a record: its predecessor's hash and everything that identifies the change. A
 * reader recomputes it to prove the feed it holds is complete and unaltered (docs/feed.md).
 */
export function recordHash(r: { prevHash: string; seq: string; entityType: string; entityId: string; version: number; operation: string; contentHash: string }): string {
  return sha256([r.prevHash, r.seq, r.entityType, r.entityId, String(r.version), r.operation, r.contentHash].join('\n'));
}
