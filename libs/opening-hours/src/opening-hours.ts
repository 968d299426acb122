import { WEEKDAYS, type OpeningHours, type OpeningPeriod } from '@care/contracts';
import { clockMinutes, inBrussels, previousDate, previousDay } from './brussels-time.js';

const WEEK = 7 * 24 * 60;

/** Half-open intervals [start, end) in minutes of the week (Monday 00:00 = 0); overnight periods spill into the next day. */
function weekIntervals(period: OpeningPeriod): [number, number][] {
  const base = WEEKDAYS.indexOf(period.day) * 1440;
  const opens = clockMinutes(period.opens);
  const closes = clockMinutes(period.closes);
  const start = base + opens;
  const end = closes > opens ? base + closes : base + 1440 + closes;
  return end <= WEEK ? [[start, end]] : [
    [start, WEEK],
    [0, end - WEEK],
  ];
}

export interface PeriodProblem {
  /** Index in the list of periods. */
  index: number;
  code: 'opening_hours.zero_length' | 'opening_hours.overlap' | 'opening_hours.opens_at_midnight_end';
}

/** Periods that are empty, start at 24:00, or overlap another period of the week. */
export function periodProblems(periods: readonly OpeningPeriod[]): PeriodProblem[] {
  const problems: PeriodProblem[] = [];
  const intervals: { index: number; start: number; end: number }[] = [];
  periods.forEach((period, index) => {
    if (period.opens === '24:00') problems.push({ index, code: 'opening_hours.opens_at_midnight_end' });
    else if (period.opens === period.closes) problems.push({ index, code: 'opening_hours.zero_length' });
    else for (const [start, end] of weekIntervals(period)) intervals.push({ index, start, end });
  });
  intervals.sort((a, b) => a.start - b.start);
  for (let i = 1; i < intervals.length; i++) {
    const current = intervals[i]!;
    const overlapping = intervals.slice(0, i).find((earlier) => earlier.end > current.start && earlier.index !== current.index);
    if (overlapping && !problems.some((p) => p.index === current.index && p.code === 'opening_hours.overlap')) {
      problems.push({ index: current.index, code: 'opening_hours.overlap' });
    }
  }
  return problems;
}

/** The schedule that applies on a local date: a dated exception if one covers it, else the weekly one. */
export function scheduleOn(hours: OpeningHours, date: string): { closed: boolean; weekly: readonly OpeningPeriod[] } {
  const exception = hours.exceptions.find((e) => e.from <= date && date <= e.to);
  return exception ? { closed: exception.closed, weekly: exception.weekly } : { closed: false, weekly: hours.weekly };
}

/**
 * Whether the place is open at `instant`, in Brussels local time: dated exceptions (closures,
 * temporary schedules) take precedence over the weekly schedule; a period running past midnight
 * counts for the early hours of the next day, under the schedule of the day it started.
 */
export function isOpenAt(hours: OpeningHours, instant: Date): boolean {
  const now = inBrussels(instant);
  const today = scheduleOn(hours, now.date);
  if (!today.closed) {
    for (const p of today.weekly) {
      if (p.day !== now.day) continue;
      const opens = clockMinutes(p.opens);
      const closes = clockMinutes(p.closes);
      if (closes > opens ? opens <= now.minutes && now.minutes < closes : now.minutes >= opens) return true;
    }
  }
  const yesterday = scheduleOn(hours, previousDate(now.date));
  if (!yesterday.closed) {
    const day = previousDay(now.day);
    for (const p of yesterday.weekly) {
      if (p.day === day && clockMinutes(p.closes) < clockMinutes(p.opens) && now.minutes < clockMinutes(p.closes)) return true;
    }
  }
  return false;
}
