import { z } from 'zod';
import { localizedSchema } from '../values/localized.schema.js';
import { provenanceSchema } from '../values/provenance.schema.js';
import { LANGUAGE_STATUSES } from './published-site.schema.js';

/** Belgian enterprise number, canonical form `0XXX.XXX.XXX`. */
export const enterpriseNumberSchema = z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/);

/** The public contract of an organisation (legal entity, KBO/BCE). */
export const publishedOrganisationSchema = z.object({
  id: z.number().int().positive(),
  enterpriseNumbers: z.array(enterpriseNumberSchema),
  names: z.object({
    official: localizedSchema(300),
    alternative: z.array(localizedSchema(300)),
    former: z.array(localizedSchema(300)),
  }),
  /** Code in the `legal-status` list. */
  legalStatus: z.string().nullable(),
  languageStatus: z.enum(LANGUAGE_STATUSES),
  officialJournalUrl: localizedSchema(500).nullable(),
  status: z.enum(['active', 'struck-off']),
  struckOffAt: z.iso.date().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  provenance: z.partialRecord(z.enum(['identity', 'legal']), provenanceSchema),
});

export type PublishedOrganisation = z.output<typeof publishedOrganisationSchema>;
