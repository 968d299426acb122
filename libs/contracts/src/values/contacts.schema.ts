import { z } from 'zod';
import { languageCodeSchema } from './localized.schema.js';

/** A phone or fax number as written in Belgium (+32 2 435 51 38, 02/435.51.38, …). */
export const phoneNumberSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9][0-9 ./()-]{5,}$/, 'phone number');

/**
 * Contacts of a site. `language` is set when a value exists only for one language version of the
 * fiche (a Dutch-speaking desk, a French website); null when it serves both.
 */
export const contactsSchema = z.object({
  phones: z.array(z.object({ number: phoneNumberSchema, language: languageCodeSchema.nullable().default(null) })).max(20).default([]),
  faxes: z.array(z.object({ number: phoneNumberSchema, language: languageCodeSchema.nullable().default(null) })).max(10).default([]),
  emails: z.array(z.object({ address: z.email().max(254), language: languageCodeSchema.nullable().default(null) })).max(20).default([]),
  websites: z
    .array(
      z.object({
        url: z.url({ protocol: /^https?$/ }).max(500),
        kind: z.enum(['official', 'unofficial', 'info']).default('official'),
        language: languageCodeSchema.nullable().default(null),
      }),
    )
    .max(20)
    .default([]),
});

export type Contacts = z.output<typeof contactsSchema>;
