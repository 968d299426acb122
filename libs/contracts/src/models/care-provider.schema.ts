import { z } from 'zod';
import { publishedAddressSchema } from '../values/address.schema.js';
import { localizedSchema } from '../values/localized.schema.js';
import { openingHoursSchema } from '../values/opening-hours.schema.js';

export const CONVENTION_STATUSES = ['conventioned', 'partially', 'not-conventioned'] as const;
export const APPOINTMENT_MODES = ['by-appointment', 'walk-in', 'home-visit', 'teleconsultation'] as const;
/** Fields a provider may object to publishing (they are not required by law to be public). */
export const OBJECTABLE_FIELDS = ['languages', 'gender', 'acceptingNewPatients', 'practiceContacts', 'practiceHours'] as const;

/** INAMI/RIZIV number in its canonical form `X-XXXXX-XX-XXX`. */
export const nihiiSchema = z.string().regex(/^\d-\d{5}-\d{2}-\d{3}$/);

const kindSchema = z.object({ kind: z.string(), label: localizedSchema(200) });

/**
 * The public contract of a care provider: the professional data the law allows to publish, minus
 * the optional fields the provider objected to (absent, not null). Never: authority-only or
 * internal fields.
 */
export const publicCareProviderSchema = z
  .object({
    /** The person part of the INAMI/RIZIV number (first 8 digits): stable across qualifications. */
    id: z.string().regex(/^\d{8}$/),
    nihii: nihiiSchema,
    name: z.object({ first: z.string(), last: z.string() }),
    profession: kindSchema.extend({ qualificationCode: z.string().regex(/^\d{3}$/) }),
    specialisations: z.array(kindSchema),
    convention: z.enum(CONVENTION_STATUSES).nullable(),
    languages: z.array(z.string()).optional(),
    gender: z.enum(['female', 'male', 'x']).optional(),
    acceptingNewPatients: z.object({ value: z.boolean(), statedOn: z.iso.date() }).optional(),
    status: z.enum(['active', 'inactive']),
  })
  .strict();

/** What authorities (crisis management) also receive: direct contacts and approval status. */
export const authorityCareProviderSchema = z
  .object({
    id: z.string().regex(/^\d{8}$/),
    nihii: nihiiSchema,
    directContacts: z.object({ mobile: z.string().nullable(), email: z.string().nullable() }),
    approvalStatus: z.string().nullable(),
  })
  .strict();

/** The public contract of a practice: where a provider works, and how to reach them there. */
export const publicPracticeSchema = z
  .object({
    id: z.string().min(1).max(100),
    providerId: z.string().regex(/^\d{8}$/),
    address: publishedAddressSchema,
    contacts: z.object({ phone: z.string().nullable(), email: z.string().nullable(), website: z.string().nullable() }).optional(),
    openingHours: openingHoursSchema.nullable().optional(),
    appointmentModes: z.array(z.enum(APPOINTMENT_MODES)),
    /** Enterprise number of the organisation the practice belongs to (group practice, maison médicale). */
    organisationEnterpriseNumber: z.string().nullable(),
    /** Activity site of the directory the practice is part of, and whether that site is still public. */
    site: z.object({ id: z.number().int(), status: z.enum(['published', 'unpublished']) }).nullable(),
    active: z.boolean(),
  })
  .strict();

export type PublicCareProvider = z.output<typeof publicCareProviderSchema>;
export type AuthorityCareProvider = z.output<typeof authorityCareProviderSchema>;
export type PublicPractice = z.output<typeof publicPracticeSchema>;
