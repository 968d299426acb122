import type { OpeningHours } from '@care/contracts';
import { addDays, inBrussels } from './brussels-time.js';
import { openIntervals } from './open-intervals.js';
import { isOpenAt } from './opening-hours.js';

const hours: OpeningHours = {
  weekly: [
    { day: 'mon', opens: '09:00', closes: '12:00' },
    { day: 'mon', opens: '13:00', closes: '17:00' },
    { day: 'tue', opens: '11:30', closes: '24:00' },
    { day: 'wed', opens: '00:00', closes: '06:00' },
    { day: 'fri', opens: '20:00', closes: '08:00' },
    { day: 'sat', opens: '20:00', closes: '08:00' },
    { day: 'sun', opens: '10:00', closes: '10:00' },
  ],
  exceptions: [
    { from: '2026-12-24', to: '2027-01-01', closed: true, weekly: [], reason: null },
    { from: '2027-03-01', to: '2027-03-14', closed: false, weekly: [{ day: 'thu', opens: '02:30', closes: '04:00' }], reason: null },
  ],
  appointmentOnly: false,
  remark: null,
};

const isInside = (intervals: ReturnType<typeof openIntervals>, t: Date) => intervals.some((i) => i.start <= t && t < i.end);

describe('openIntervals', () => {
  it('agrees with isOpenAt at every quarter hour of a year (DST change days included)', () => {
    const intervals = openIntervals(hours, '2026-10-01', '2027-10-31');
    let checked = 0;
    for (let t = Date.parse('2026-10-02T00:00:00Z'); t < Date.parse('2027-10-30T00:00:00Z'); t += 15 * 60_000) {
      const instant = new Date(t);
      const expected = isOpenAt(hours, instant);
      if (isInside(intervals, instant) !== expected) throw new Error(`${instant.toISOString()} (${JSON.stringify(inBrussels(instant))}): expected open=${expected}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(30_000);
  });

  it('runs a night period into the next morning and merges adjacent periods', () => {
    // Friday and Saturday 20:00 to 08:00 the next morning, Brussels winter time (UTC+1).
    expect(openIntervals(hours, '2026-11-27', '2026-11-28')).toEqual([
      { start: new Date('2026-11-27T19:00:00Z'), end: new Date('2026-11-28T07:00:00Z') },
      { start: new Date('2026-11-28T19:00:00Z'), end: new Date('2026-11-29T07:00:00Z') },
    ]);
    // Tuesday 11:30 to midnight, then Wednesday 00:00 to 06:00: one interval.
    expect(openIntervals(hours, '2026-12-01', '2026-12-02')).toEqual([{ start: new Date('2026-12-01T10:30:00Z'), end: new Date('2026-12-02T05:00:00Z') }]);
  });

  it('honours closures, including the early-morning part of a period that started before them', () => {
    const intervals = openIntervals(hours, addDays('2026-12-24', -1), '2026-12-26');
    // Wednesday 23 Dec 00:00–06:00 only; the 24th to the 26th are closed.
    expect(intervals).toEqual([{ start: new Date('2026-12-22T23:00:00Z'), end: new Date('2026-12-23T05:00:00Z') }]);
  });
});
