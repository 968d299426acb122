import type { LocalizedValue } from '@care/contracts';

/** Lower case without diacritics, both languages, for accent-insensitive back-office search. */
export function searchable(names: readonly LocalizedValue[]): string {
  return names
    .flatMap((n) => [n.fr, n.nl])
    .join(' | ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
