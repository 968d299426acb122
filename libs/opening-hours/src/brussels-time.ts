import { WEEKDAYS, type Weekday } from '@care/contracts';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const WEEKDAY_BY_SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

export interface BrusselsMoment {
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
  day: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

/** The local date, weekday and time in Brussels of an instant (summer time handled by Intl). */
export function inBrussels(instant: Date): BrusselsMoment {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    day: WEEKDAY_BY_SHORT[parts['weekday']!]!,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

export function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
}

/** `YYYY-MM-DD` of the day before (calendar arithmetic in UTC, no time zone involved). */
export function previousDate(date: string): string {
  return addDays(date, -1);
}

/** `YYYY-MM-DD` `days` calendar days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function clockMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}
