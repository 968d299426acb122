import type { OpeningHours } from '@care/contracts';
import { addDays, clockMinutes, inBrussels } from './brussels-time.js';
import { scheduleOn } from './opening-hours.js';

/** A half-open interval of instants `[start, end)`. */
export interface InstantInterval {
  start: Date;
  end: Date;
}

const WEEKDAY_OF_UTC_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * The instants at which the place is open, for the local dates `from` to `to` (inclusive), merged
 * and sorted: the same rules as `isOpenAt`, turned into intervals so that an index (a PostgreSQL
 * multirange, an Elasticsearch `date_range`) can answer "open at T" without running code per row.
 * A period running past midnight belongs to the day it starts, so its early-morning part follows
 * that day's schedule even when the next day is a closure.
 */
export function openIntervals(hours: OpeningHours, from: string, to: string): InstantInterval[] {
  const raw: InstantInterval[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const schedule = scheduleOn(hours, date);
    if (schedule.closed) continue;
    const day = WEEKDAY_OF_UTC_DAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
    for (const p of schedule.weekly) {
      if (p.day !== day) continue;
      const opens = clockMinutes(p.opens);
      const closes = clockMinutes(p.closes);
      const start = brusselsInstant(date, opens);
      const end = closes > opens ? brusselsInstant(date, closes) : closes < opens ? brusselsInstant(addDays(date, 1), closes) : brusselsInstant(addDays(date, 1), 0);
      if (end > start) raw.push({ start, end });
    }
  }
  raw.sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: InstantInterval[] = [];
  for (const interval of raw) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else merged.push({ ...interval });
  }
  return merged;
}

/** UTC offset (minutes) of Brussels through a whole local date, or null on a summer-time change day. */
const steadyOffsets = new Map<string, number | null>();

function steadyOffset(date: string): number | null {
  let offset = steadyOffsets.get(date);
  if (offset === undefined) {
    const offsetAt = (utcMs: number) => {
      for (const hours of [1, 2]) {
        const local = inBrussels(new Date(utcMs - hours * 3_600_000));
        if (local.date === date && local.minutes === Math.round((utcMs - Date.parse(`${date}T00:00:00Z`)) / 60_000)) return hours * 60;
      }
      return null;
    };
    const start = offsetAt(Date.parse(`${date}T00:00:00Z`));
    const end = offsetAt(Date.parse(`${date}T23:59:00Z`));
    offset = start !== null && start === end ? start : null;
    if (steadyOffsets.size > 5_000) steadyOffsets.clear();
    steadyOffsets.set(date, offset);
  }
  return offset;
}

/**
 * The first instant whose Brussels local time is `minutes` after midnight of `date` (or the first
 * after it, when summer time skips that hour). Brussels is UTC+1 or UTC+2: the offset of a date
 * is computed once (indexing thousands of schedules asks for the same dates), and both are tried
 * on the two days a year the clock changes.
 */
export function brusselsInstant(date: string, minutes: number): Date {
  if (minutes >= 1440) return brusselsInstant(addDays(date, 1), minutes - 1440); // `24:00`
  const midnightUtc = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const steady = steadyOffset(date);
  if (steady !== null) return new Date(midnightUtc - steady * 60_000);
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(midnightUtc - offsetHours * 3_600_000);
    const local = inBrussels(candidate);
    if (local.date === date && local.minutes === minutes) return candidate;
  }
  // In the spring gap (02:00–03:00 does not exist): the clock jumps to 03:00 at 01:00 UTC.
  return new Date(`${date}T01:00:00Z`);
}
