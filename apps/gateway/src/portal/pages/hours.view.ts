import { WEEKDAYS, type OpeningHours, type Weekday } from '@care/contracts';
import type { Language } from '@care/kernel';
import { addDays, clockMinutes, inBrussels, isOpenAt, openIntervals, scheduleOn } from '@care/opening-hours';
import { formatClock, formatDayMonth } from '../format.js';
import { html, multiline, type SafeHtml } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';

/** How far ahead the status looks for the next opening, and the exceptions list for dated changes. */
const LOOKAHEAD_DAYS = 8;
const EXCEPTIONS_AHEAD_DAYS = 92;

export type OpeningStatus =
  | { state: 'unknown' }
  | { state: 'open'; until: Date | null }
  | { state: 'closed'; next: Date | null };

/** Whether the schedule says anything: no weekly period and no dated exception means "not communicated". */
export function hoursKnown(hours: OpeningHours | null | undefined): hours is OpeningHours {
  return !!hours && (hours.weekly.length > 0 || hours.exceptions.length > 0);
}

/**
 * Open or closed at `now` in Brussels time (`isOpenAt` of the opening-hours library, exceptions
 * and overnight periods included), with the closing time or the next opening from the same
 * library's open intervals over the next days.
 */
export function openingStatus(hours: OpeningHours | null | undefined, now: Date): OpeningStatus {
  if (!hoursKnown(hours)) return { state: 'unknown' };
  const today = inBrussels(now).date;
  const intervals = openIntervals(hours, addDays(today, -1), addDays(today, LOOKAHEAD_DAYS));
  if (isOpenAt(hours, now)) {
    const current = intervals.find((i) => i.start <= now && now < i.end);
    return { state: 'open', until: current?.end ?? null };
  }
  return { state: 'closed', next: intervals.find((i) => i.start > now)?.start ?? null };
}

const dayName = (lang: Language, day: Weekday) => t(lang, `day.${day}` as MessageKey);

/** "aujourd’hui" / "demain" / "mardi 3 décembre" for the Brussels date of `instant`, seen from `now`. */
function whenDay(lang: Language, instant: Date, now: Date): string {
  const day = inBrussels(instant);
  const today = inBrussels(now).date;
  if (day.date === today) return t(lang, 'hours.today');
  if (day.date === addDays(today, 1)) return t(lang, 'day.tomorrow');
  return `${dayName(lang, day.day)} ${formatDayMonth(lang, day.date)}`;
}

export function renderOpeningStatus(lang: Language, status: OpeningStatus, now: Date): SafeHtml {
  switch (status.state) {
    case 'unknown':
      return html`<p class="status status-unknown">${t(lang, 'hours.unknown')}</p>`;
    case 'open':
      return html`<p class="status status-open">${status.until ? t(lang, 'hours.open.until', { time: formatClock(status.until) }) : t(lang, 'hours.open')}</p>`;
    case 'closed':
      return html`<p class="status status-closed">${status.next ? t(lang, 'hours.shut.next', { day: whenDay(lang, status.next, now), time: formatClock(status.next) }) : t(lang, 'hours.shut')}</p>`;
  }
}

export interface DayRow {
  date: string;
  day: Weekday;
  today: boolean;
  /** A dated closure covers the day. */
  closed: boolean;
  periods: Array<{ opens: string; closes: string; overnight: boolean }>;
}

/** The next seven days from today (Brussels), each with the periods that apply that date (exceptions included). */
export function nextSevenDays(hours: OpeningHours, now: Date): DayRow[] {
  const today = inBrussels(now);
  const first = WEEKDAYS.indexOf(today.day);
  return Array.from({ length: 7 }, (_, offset) => {
    const date = addDays(today.date, offset);
    const day = WEEKDAYS[(first + offset) % 7]!;
    const schedule = scheduleOn(hours, date);
    const periods = schedule.closed
      ? []
      : schedule.weekly
          .filter((p) => p.day === day)
          .map((p) => ({ opens: p.opens, closes: p.closes, overnight: clockMinutes(p.closes) < clockMinutes(p.opens) }))
          .sort((a, b) => clockMinutes(a.opens) - clockMinutes(b.opens));
    return { date, day, today: offset === 0, closed: schedule.closed, periods };
  });
}

function renderPeriods(lang: Language, row: DayRow): SafeHtml | string {
  if (row.periods.length === 0) return t(lang, 'hours.closed');
  return html`${row.periods.map(
    (p, i) => html`${i > 0 ? ', ' : ''}<span class="period">${p.opens}–${p.closes}${p.overnight ? html` (${t(lang, 'hours.nextDay')})` : ''}</span>`,
  )}`;
}

/**
 * The hours section of a detail page: status now (unless the page shows it already), the next
 * seven days, coming exceptions, the appointment rule and the free-text remark.
 */
export function renderHours(lang: Language, hours: OpeningHours | null | undefined, now: Date, options: { status?: boolean } = {}): SafeHtml {
  const status = options.status === false ? '' : renderOpeningStatus(lang, openingStatus(hours, now), now);
  const remark = hours?.remark?.[lang];
  const appointment = hours?.appointmentOnly ? html`<p class="appointment">${t(lang, 'hours.appointment')}</p>` : '';
  if (!hoursKnown(hours)) {
    // "Not communicated" is said here even when the page shows the status elsewhere.
    return html`${renderOpeningStatus(lang, { state: 'unknown' }, now)}${appointment}${remark ? html`<p class="remark">${multiline(remark)}</p>` : ''}`;
  }
  const rows = nextSevenDays(hours, now);
  const today = inBrussels(now).date;
  const horizon = addDays(today, EXCEPTIONS_AHEAD_DAYS);
  const exceptions = hours.exceptions.filter((e) => e.to >= today && e.from <= horizon).sort((a, b) => a.from.localeCompare(b.from));
  return html`${status}${appointment}
    <table class="hours">
      <caption>${t(lang, 'hours.caption')}</caption>
      <thead><tr><th scope="col">${t(lang, 'hours.day')}</th><th scope="col">${t(lang, 'hours.hours')}</th></tr></thead>
      <tbody>${rows.map(
        (row) => html`<tr${row.today ? html` class="today" aria-current="date"` : ''}><th scope="row">${dayName(lang, row.day)} ${formatDayMonth(lang, row.date)}${row.today ? html` (${t(lang, 'hours.today')})` : ''}</th><td>${renderPeriods(lang, row)}</td></tr>`,
      )}</tbody>
    </table>
    ${exceptions.length > 0
      ? html`<h3>${t(lang, 'hours.exceptions')}</h3><ul class="exceptions">${exceptions.map((e) => {
          const range = { from: formatDayMonth(lang, e.from), to: formatDayMonth(lang, e.to) };
          const label = e.closed ? t(lang, e.from === e.to ? 'hours.exception.closedDay' : 'hours.exception.closed', range) : t(lang, 'hours.exception.temporary', range);
          const periods = e.closed
            ? ''
            : html` ${WEEKDAYS.filter((d) => e.weekly.some((p) => p.day === d)).map(
                (d, i) => html`${i > 0 ? ' ; ' : ''}${dayName(lang, d)} ${e.weekly.filter((p) => p.day === d).map((p) => `${p.opens}–${p.closes}`).join(', ')}`,
              )}`;
          return html`<li>${label}${periods}${e.reason ? html` — ${e.reason[lang]}` : ''}</li>`;
        })}</ul>`
      : ''}
    ${remark ? html`<p class="remark"><strong>${t(lang, 'hours.remark')}</strong> ${multiline(remark)}</p>` : ''}`;
}
