import { z } from 'zod';
import { localizedSchema } from '../values/localized.schema.js';
import { provenanceSchema } from '../values/provenance.schema.js';
import { LANGUAGE_STATUSES } from './published-site.schema.js';

/** Belgian enterprise number, canonical form `0XXX.XXX.XXX`. */
export const enterpriseNumberSchema = z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/);

/** What the Crossroads Bank for Enterprises (KBO/BCE open data) says of the entity. */
export const kboFactsSchema = z.object({
  enterpriseNumber: enterpriseNumberSchema,
  /** KBO status code (`AC` active). */
  status: z.string(),
  juridicalSituation: z.object({ code: z.string(), label: localizedSchema(300).nullable() }).nullable(),
  juridicalForm: z.object({ code: z.string(), label: localizedSchema(300).nullable() }).nullable(),
  startDate: z.iso.date().nullable(),
  registeredAddress: z
    .object({
      street: z.object({ fr: z.string().nullable(), nl: z.string().nullable() }),
      number: z.string().nullable(),
      box: z.string().nullable(),
      postcode: z.string().nullable(),
      municipality: z.object({ fr: z.string().nullable(), nl: z.string().nullable() }),
    })
    .nullable(),
  /** Social and health NACE-BEL activities (main first). */
  naceCodes: z.array(z.object({ code: z.string(), version: z.string(), classification: z.string() })),
  establishments: z.number().int().min(0),
});

export type KboFacts = z.output<typeof kboFactsSchema>;

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
  /** Facts of the KBO/BCE, as of the last import (null until one ran). Added in v1, optional. */
  kbo: kboFactsSchema.nullable().default(null),
  struckOffAt: z.iso.date().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  provenance: z.partialRecord(z.enum(['identity', 'legal']), provenanceSchema),
});

export type PublishedOrganisation = z.output<typeof publishedOrganisationSchema>;
