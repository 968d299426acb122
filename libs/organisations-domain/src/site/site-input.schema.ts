import { z } from 'zod';
import { contactsSchema, LANGUAGE_STATUSES, localizedSchema, OFFER_KINDS, openingHoursSchema, optionalLocalizedSchema } from '@care/contracts';
import { addressInputSchema } from '@care/geo';
import { checkOpeningHours } from '@care/opening-hours';

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
