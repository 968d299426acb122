import type { Language } from '@care/kernel';

const LOCALES: Record<Language, string> = { fr: 'fr-BE', nl: 'nl-BE' };
const TIME_ZONE = 'Europe/Brussels';

const numbers = { fr: new Intl.NumberFormat(LOCALES.fr), nl: new Intl.NumberFormat(LOCALES.nl) };
const kilometres = {
  fr: new Intl.NumberFormat(LOCALES.fr, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  nl: new Intl.NumberFormat(LOCALES.nl, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};
const longDates = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  nl: new Intl.DateTimeFormat(LOCALES.nl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const dayMonth = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
  nl: new Intl.DateTimeFormat(LOCALES.nl, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
};
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });

export const formatCount = (lang: Language, n: number) => numbers[lang].format(n);

/** "350 m" under a kilometre (to 10 m), "1,2 km" above, in both languages. */
export function formatDistance(lang: Language, metres: number): string {
  if (metres < 1_000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  return `${kilometres[lang].format(metres / 1_000)} km`;
}

/** A calendar date `YYYY-MM-DD` (or an ISO instant's date) as "2 décembre 2026" / "2 december 2026". */
export function formatDate(lang: Language, isoDate: string): string {
  return longDates[lang].format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
}

/** "2 décembre" / "2 december". */
export function formatDayMonth(lang: Language, isoDate: string): string {
  return dayMonth[lang].format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
}

/** Brussels wall-clock time of an instant, `HH:MM`. */
export function formatClock(instant: Date): string {
  return clock.format(instant);
}
