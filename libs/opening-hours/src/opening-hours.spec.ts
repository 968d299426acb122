import { openingHoursSchema, type OpeningHours } from '@care/contracts';
import { parseOrThrow, ValidationError } from '@care/kernel';
import { isOpenAt } from './opening-hours.js';
import { checkOpeningHours } from './opening-hours.rules.js';
import { inBrussels } from './brussels-time.js';

const schema = openingHoursSchema.superRefine(checkOpeningHours);
const hours = (input: unknown): OpeningHours => parseOrThrow(schema, input);
const weekdays = (opens: string, closes: string) => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, opens, closes }));

function codes(input: unknown): string[] {
  try {
    hours(input);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}:${i.code}`);
    throw error;
  }
}

describe('Brussels local time', () => {
  it('follows summer and winter time', () => {
    expect(inBrussels(new Date('2026-07-01T10:00:00Z'))).toEqual({ date: '2026-07-01', day: 'wed', minutes: 12 * 60 });
    expect(inBrussels(new Date('2026-12-01T10:00:00Z'))).toEqual({ date: '2026-12-01', day: 'tue', minutes: 11 * 60 });
    expect(inBrussels(new Date('2026-12-31T23:30:00Z'))).toMatchObject({ date: '2027-01-01', day: 'fri', minutes: 30 });
  });
});

describe('isOpenAt', () => {
  const office = hours({ weekly: weekdays('08:30', '16:00'), remark: { fr: 'Du lundi au vendredi de 8h30 à 16h', nl: 'Van maandag tot vrijdag van 8.30 uur tot 16 uur' } });

  it('opens and closes on the weekly schedule, in Brussels time', () => {
    expect(isOpenAt(office, new Date('2026-11-23T07:29:00Z'))).toBe(false); // Monday 08:29 local
    expect(isOpenAt(office, new Date('2026-11-23T07:30:00Z'))).toBe(true); // Monday 08:30 local
    expect(isOpenAt(office, new Date('2026-11-23T14:59:00Z'))).toBe(true);
    expect(isOpenAt(office, new Date('2026-11-23T15:00:00Z'))).toBe(false); // 16:00 local: closed
    expect(isOpenAt(office, new Date('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
  });

  it('counts a period past midnight for the early hours of the next day', () => {
    const shelter = hours({ weekly: [{ day: 'sat', opens: '20:00', closes: '08:00' }] });
    expect(isOpenAt(shelter, new Date('2026-11-28T19:30:00Z'))).toBe(true); // Saturday 20:30
    expect(isOpenAt(shelter, new Date('2026-11-29T06:59:00Z'))).toBe(true); // Sunday 07:59
    expect(isOpenAt(shelter, new Date('2026-11-29T07:00:00Z'))).toBe(false); // Sunday 08:00
    expect(isOpenAt(shelter, new Date('2026-11-27T23:30:00Z'))).toBe(false); // Saturday 00:30: Friday has no night
  });

  it('applies dated closures and temporary schedules before the weekly one', () => {
    const withExceptions = hours({
      weekly: weekdays('09:00', '17:00'),
      exceptions: [
        { from: '2026-12-24', to: '2026-12-26', closed: true },
        { from: '2027-01-04', to: '2027-01-08', closed: false, weekly: [{ day: 'wed', opens: '10:00', closes: '12:00' }], reason: { fr: 'Horaire réduit', nl: 'Beperkte uren' } },
      ],
    });
    expect(isOpenAt(withExceptions, new Date('2026-12-23T10:00:00Z'))).toBe(true);
    expect(isOpenAt(withExceptions, new Date('2026-12-24T10:00:00Z'))).toBe(false);
    expect(isOpenAt(withExceptions, new Date('2027-01-04T10:00:00Z'))).toBe(false); // Monday under the temporary schedule
    expect(isOpenAt(withExceptions, new Date('2027-01-06T10:00:00Z'))).toBe(true); // Wednesday 11:00
    expect(isOpenAt(withExceptions, new Date('2027-01-11T10:00:00Z'))).toBe(true); // back to normal
  });

  it('a closure on the day after stops a night period from the day before', () => {
    const night = hours({ weekly: [{ day: 'thu', opens: '22:00', closes: '06:00' }], exceptions: [{ from: '2026-11-26', to: '2026-11-26', closed: true }] });
    expect(isOpenAt(night, new Date('2026-11-26T22:00:00Z'))).toBe(false); // Thursday 23:00, closed that Thursday
    expect(isOpenAt(night, new Date('2026-11-27T03:00:00Z'))).toBe(false); // Friday 04:00, period of the closed Thursday
  });
});

describe('opening hours rules', () => {
  it('accepts several periods a day', () => {
    expect(codes({ weekly: [{ day: 'mon', opens: '09:00', closes: '12:00' }, { day: 'mon', opens: '13:00', closes: '17:00' }] })).toEqual([]);
  });

  it('refuses malformed, empty and overlapping periods', () => {
    expect(codes({ weekly: [{ day: 'mon', opens: '9h', closes: '12:00' }] })).toEqual(['weekly.0.opens:invalid_format']);
    expect(codes({ weekly: [{ day: 'funday', opens: '09:00', closes: '12:00' }] })).toEqual(['weekly.0.day:invalid_value']);
    expect(codes({ weekly: [{ day: 'mon', opens: '09:00', closes: '09:00' }] })).toEqual(['weekly.0:opening_hours.zero_length']);
    expect(codes({ weekly: [{ day: 'mon', opens: '09:00', closes: '13:00' }, { day: 'mon', opens: '12:00', closes: '17:00' }] })).toEqual(['weekly.1:opening_hours.overlap']);
    expect(codes({ weekly: [{ day: 'sun', opens: '22:00', closes: '06:00' }, { day: 'mon', opens: '05:00', closes: '12:00' }] })).toEqual(['weekly.1:opening_hours.overlap']);
  });

  it('refuses exceptions out of order, overlapping, or inconsistent', () => {
    expect(
      codes({
        weekly: [],
        exceptions: [
          { from: '2026-12-10', to: '2026-12-01', closed: true },
          { from: '2026-12-20', to: '2026-12-25', closed: true },
          { from: '2026-12-24', to: '2026-12-26', closed: true },
          { from: '2027-01-01', to: '2027-01-02', closed: true, weekly: [{ day: 'mon', opens: '09:00', closes: '10:00' }] },
          { from: '2027-02-01', to: '2027-02-02', closed: false },
        ],
      }),
    ).toEqual([
      'exceptions.0.to:opening_hours.exception_order',
      'exceptions.2:opening_hours.exception_overlap',
      'exceptions.3.weekly:opening_hours.closed_with_hours',
      'exceptions.4.weekly:opening_hours.exception_without_hours',
    ]);
  });
});
