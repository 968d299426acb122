import { z } from 'zod';
import { lambert72PointSchema, localizedSchema, optionalLocalizedSchema, wgs84PointSchema } from '@care/contracts';

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
