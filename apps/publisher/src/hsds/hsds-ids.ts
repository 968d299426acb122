import { createHash } from 'node:crypto';

/** Kinds of HSDS object made from the directory's entities, and their code in the identifier. */
const KINDS = { service: 1, location: 2, 'service-at-location': 3, organization: 4, taxonomy: 5, sector: 6, rubrique: 7, category: 8 } as const;
export type HsdsKind = keyof typeof KINDS;
const BY_CODE = new Map(Object.entries(KINDS).map(([kind, code]) => [code, kind as HsdsKind]));

/**
 * HSDS wants UUIDs; the directory has numeric ids reusers already know (site 13219). The HSDS id
 * is a UUIDv8 (RFC 9562, vendor-defined) that carries both, readable and reversible:
 * `0000000<kind>-0000-8000-8000-<id on 12 digits>`: site 13219's service is
 * `00000001-0000-8000-8000-000000013219`, its location `00000002-…-000000013219`.
 */
export function hsdsId(kind: HsdsKind, id: number | string): string {
  const digits = String(id);
  if (!/^\d{1,12}$/.test(digits)) throw new Error(`not a numeric directory id: ${digits}`);
  return `${KINDS[kind].toString(16).padStart(8, '0')}-0000-8000-8000-${digits.padStart(12, '0')}`;
}

/** The kind and directory id of an HSDS id of this API; null for any other UUID. */
export function parseHsdsId(value: string): { kind: HsdsKind; id: number } | null {
  const match = /^([0-9a-f]{8})-0000-8000-8000-(\d{12})$/i.exec(value);
  const kind = match ? BY_CODE.get(parseInt(match[1]!, 16) as (typeof KINDS)[HsdsKind]) : undefined;
  return kind ? { kind, id: Number(match![2]) } : null;
}

/** A stable UUIDv8 for a part of an object (phone, schedule, address, attribute), from its owner and what it is. */
export function partId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
