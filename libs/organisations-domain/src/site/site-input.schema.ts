import { z } from 'zod';
import {
  contactsSchema,
  lambert72PointSchema,
  LANGUAGE_STATUSES,
  localizedSchema,
  OFFER_KINDS,
  openingHoursSchema,
  optionalLocalizedSchema,
  wgs84PointSchema,
} from '@care/contracts';
import { checkOpeningHours } from '@care/opening-hours';

/**
 * The address as an editor or an import gives it. The service completes it: street names in both
 * languages and the municipality from the regional street list, coordinates in both systems, and
 * the statistical sector and monitoring district from the point.
 */
export const addressInputSchema = z
  .object({
    street: z
      .object({ fr: z.string().trim().min(1).max(200).optional(), nl: z.string().trim().min(1).max(200).optional() })
      .refine((s) => s.fr !== undefined || s.nl !== undefined, 'street name required (fr or nl)'),
    number: z.string().trim().max(20).nullable().default(null),
    box: z.string().trim().max(20).nullable().default(null),
    postcode: z.string().regex(/^\d{4}$/, '4-digit postcode'),
    /** NIS code of the municipality (Brussels); derived from the postcode when omitted. */
    municipalityNis: z.string().regex(/^\d{5}$/).optional(),
    /** Municipality name, required outside the Region (no street list there). */
    municipalityName: localizedSchema(100).optional(),
    point: wgs84PointSchema.nullable().default(null),
    lambert72: lambert72PointSchema.nullable().default(null),
    remark: optionalLocalizedSchema(1_000).default(null),
  })
  .strict();

export type AddressInput = z.output<typeof addressInputSchema>;

const codes = (max: number) => z.array(z.string().min(1).max(50)).max(max).default([]);

/**
 * What an editor may write on a site. Workflow state, verification dates, provenance and ids are
 * not part of it: they change only through their own operations (no mass assignment).
 */
export const siteInputSchema = z
  .object({
    organisationId: z.number().int().positive().nullable().default(null),
    names: z
      .object({
        official: localizedSchema(300),
        alternative: z.array(localizedSchema(300)).max(20).default([]),
        former: z.array(localizedSchema(300)).max(20).default([]),
        service: z.array(localizedSchema(300)).max(50).default([]),
      })
      .strict(),
    legalStatus: z.string().min(1).max(50).nullable().default(null),
    languageStatus: z.enum(LANGUAGE_STATUSES),
    serviceLanguages: codes(40),
    offerKind: z.enum(OFFER_KINDS),
    address: addressInputSchema,
    texts: z
      .object({
        description: optionalLocalizedSchema().default(null),
        activities: optionalLocalizedSchema().default(null),
        publicTarget: optionalLocalizedSchema().default(null),
        remarks: optionalLocalizedSchema().default(null),
      })
      .strict()
      .default({ description: null, activities: null, publicTarget: null, remarks: null }),
    accessModalities: codes(20),
    targetPublics: codes(40),
    contacts: contactsSchema.default({ phones: [], faxes: [], emails: [], websites: [] }),
    openingHours: openingHoursSchema.superRefine(checkOpeningHours).default({ weekly: [], exceptions: [], appointmentOnly: false, remark: null }),
    categoryIds: z.array(z.number().int().positive()).max(50).default([]),
    actionZones: codes(250),
    otherAgreements: z.array(localizedSchema(500)).max(50).default([]),
    subsidies: z.array(localizedSchema(500)).max(50).default([]),
  })
  .strict();

export type SiteInput = z.output<typeof siteInputSchema>;
