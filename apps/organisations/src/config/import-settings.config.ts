import { z } from 'zod';
import { geocoderConfigSchema } from '@care/geocoding';

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{1,7}$/, 'NACE code prefixes, digits only')).min(1));

/**
 * What the imports need (also read by the import command line, which must stay light: it loads
 * neither NestJS nor the event bus).
 */
export const importSettingsSchema = z
  .object({
    DATABASE_URL: z.string().url(),
    /** NACE-BEL prefixes of the social and health activities the KBO import looks for. */
    KBO_NACE_PREFIXES: list('86,87,88'),
    /** Postcodes of registered offices the KBO import takes in (Brussels-Capital Region). */
    KBO_POSTCODES: z
      .string()
      .default('1000-1299')
      .transform((v, ctx) => {
        const m = /^(\d{4})-(\d{4})$/.exec(v);
        if (!m || Number(m[1]) > Number(m[2])) {
          ctx.addIssue({ code: 'custom', message: 'a range like 1000-1299' });
          return z.NEVER;
        }
        return { from: Number(m[1]), to: Number(m[2]) };
      }),
    /** Folder where KBO extracts are dropped (one sub-folder per extract); scanned by the scheduled job. */
    KBO_INBOX_DIR: z.string().min(1).optional(),
    KBO_SCAN_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
    /** How often sites waiting for the geocoder are tried again. */
    GEOCODING_RETRY_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  })
  .extend(geocoderConfigSchema.shape);

export type ImportSettings = z.output<typeof importSettingsSchema>;
