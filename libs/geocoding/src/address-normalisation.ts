import type { AddressQuery } from './geocoder.port.js';

/** Lower case, no diacritics, collapsed spaces: "Chaussée  d'Ixelles " and "chaussee d'ixelles" are one street. */
export function normaliseText(text: string | null | undefined): string {
  return (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Cache key of a query: its normalised parts plus the language, which changes the names URBIS returns. */
export function geocodeCacheKey(query: AddressQuery): string {
  return JSON.stringify([
    query.language,
    normaliseText(query.street),
    normaliseText(query.number),
    normaliseText(query.postcode),
    normaliseText(query.municipality),
  ]);
}

/** Free-text address as URBIS expects it: "street number, postcode municipality". */
export function formatAddressLine(query: AddressQuery): string {
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const streetPart = [clean(query.street), clean(query.number)].filter(Boolean).join(' ');
  const placePart = [clean(query.postcode), clean(query.municipality)].filter(Boolean).join(' ');
  return [streetPart, placePart].filter(Boolean).join(', ');
}
