import { z } from 'zod';
import { phoneNumberSchema } from '../values/contacts.schema.js';

/**
 * How authorities reach a site in a crisis, beyond its public contacts: a direct line, a number
 * answered around the clock, and the person in charge. Authority audience only: never published.
 */
export const crisisContactsSchema = z
  .object({
    directPhone: phoneNumberSchema.nullable().default(null),
    /** Answered around the clock (on-call), when the site has one. */
    emergencyPhone: phoneNumberSchema.nullable().default(null),
    email: z.email().max(254).nullable().default(null),
    responsible: z
      .object({
        name: z.string().trim().min(1).max(200),
        role: z.string().trim().max(200).nullable().default(null),
        phone: phoneNumberSchema.nullable().default(null),
        email: z.email().max(254).nullable().default(null),
      })
      .strict()
      .nullable()
      .default(null),
    remark: z.string().trim().max(1_000).nullable().default(null),
  })
  .strict();
export type CrisisContacts = z.output<typeof crisisContactsSchema>;

/** The crisis contacts of one site as the organisations service keeps them. */
export const siteContactsStateSchema = z
  .object({
    siteId: z.number().int().positive(),
    contacts: crisisContactsSchema,
    updatedAt: z.iso.datetime({ offset: true }),
    version: z.number().int().positive(),
  })
  .strict();
export type SiteContactsState = z.output<typeof siteContactsStateSchema>;

/**
 * What a site reports of its places right now: open with free places, full, or closed. A figure
 * stops counting at `expiresAt`; authorities always see when it was reported.
 */
export const AVAILABILITY_STATUSES = ['open', 'full', 'closed'] as const;

export const availabilityStateSchema = z
  .object({
    /** `site:<id>`, `holding:<uuid>` or `holding:<uuid>:<group code>`: one current figure per slot. */
    slot: z.string().min(1).max(200),
    siteId: z.number().int().positive(),
    holdingId: z.uuid().nullable(),
    /** Capacity group of the holding (a living group with its age range), when the figure is about one. */
    groupCode: z.string().nullable(),
    status: z.enum(AVAILABILITY_STATUSES),
    freePlaces: z.number().int().min(0).nullable(),
    reportedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    reporter: z.object({ kind: z.enum(['staff', 'representative']), id: z.string() }).strict(),
    note: z.string().nullable(),
    version: z.number().int().positive(),
  })
  .strict();
export type AvailabilityState = z.output<typeof availabilityStateSchema>;
