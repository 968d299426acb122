import { z } from 'zod';
import { optionalLocalizedSchema } from './localized.schema.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` on a 24-hour clock; `24:00` closes at midnight. */
export const clockTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM');
export const isoDateSchema = z.iso.date();

/**
 * One opening period on a weekday. `closes` earlier than `opens` means the period runs past
 * midnight into the next day (a night shelter open 20:00–08:00).
 */
export const openingPeriodSchema = z.object({
  day: z.enum(WEEKDAYS),
  opens: clockTimeSchema,
  closes: clockTimeSchema,
});

/**
 * A dated exception to the weekly schedule, inclusive of both dates: a closure (`closed`), or a
 * temporary schedule that replaces the weekly one in that interval (COVID waves, summer hours).
 */
export const openingExceptionSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  closed: z.boolean(),
  weekly: z.array(openingPeriodSchema).max(50).default([]),
  reason: optionalLocalizedSchema(500).default(null),
});

/** Structured opening hours, in Europe/Brussels local time; the legacy free text is kept as `remark`. */
export const openingHoursSchema = z.object({
  weekly: z.array(openingPeriodSchema).max(50),
  exceptions: z.array(openingExceptionSchema).max(100).default([]),
  /** Reception only by appointment, whatever the hours. */
  appointmentOnly: z.boolean().default(false),
  remark: optionalLocalizedSchema(2_000).default(null),
});

export type OpeningPeriod = z.output<typeof openingPeriodSchema>;
export type OpeningException = z.output<typeof openingExceptionSchema>;
export type OpeningHours = z.output<typeof openingHoursSchema>;
