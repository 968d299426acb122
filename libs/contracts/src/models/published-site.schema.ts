import { z } from 'zod';
import { publishedAddressSchema } from '../values/address.schema.js';
import { contactsSchema } from '../values/contacts.schema.js';
import { localizedSchema, optionalLocalizedSchema } from '../values/localized.schema.js';
import { openingHoursSchema } from '../values/opening-hours.schema.js';
import { provenanceSchema } from '../values/provenance.schema.js';

export const LANGUAGE_STATUSES = ['FR', 'NL', 'FR-NL'] as const;
export const OFFER_KINDS = ['public-service', 'accredited', 'other'] as const;
export const SITE_FIELD_GROUPS = ['identity', 'address', 'texts', 'contacts', 'hours', 'classification'] as const;

/**
 * The public contract of an activity site (a fiche): everything a citizen portal, the search
 * index, the publisher or FIDUS needs, in both languages, and nothing internal (no workflow
 * details, no staff identities). Carried whole by the site events so consumers never call back.
 */
export const publishedSiteSchema = z.object({
  /** Public numeric id, stable since social.brussels (`/organisation/{id}`). */
  id: z.number().int().positive(),
  organisationId: z.number().int().positive().nullable(),
  names: z.object({
    official: localizedSchema(300),
    alternative: z.array(localizedSchema(300)),
    former: z.array(localizedSchema(300)),
    service: z.array(localizedSchema(300)),
  }),
  /** Code in the `legal-status` list. */
  legalStatus: z.string().nullable(),
  /** Language status of the organisation: French, Dutch or bicommunity. */
  languageStatus: z.enum(LANGUAGE_STATUSES),
  /** Codes in the `language` list: languages in which the service can be received. */
  serviceLanguages: z.array(z.string()),
  offerKind: z.enum(OFFER_KINDS),
  address: publishedAddressSchema,
  texts: z.object({
    description: optionalLocalizedSchema(),
    activities: optionalLocalizedSchema(),
    publicTarget: optionalLocalizedSchema(),
    remarks: optionalLocalizedSchema(),
  }),
  accessModalities: z.array(z.string()),
  targetPublics: z.array(z.string()),
  contacts: contactsSchema,
  openingHours: openingHoursSchema,
  categoryIds: z.array(z.number().int().positive()),
  actionZones: z.array(z.string()),
  otherAgreements: z.array(localizedSchema(500)),
  subsidies: z.array(localizedSchema(500)),
  lastVerifiedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  provenance: z.partialRecord(z.enum(SITE_FIELD_GROUPS), provenanceSchema),
});

export type PublishedSite = z.output<typeof publishedSiteSchema>;
