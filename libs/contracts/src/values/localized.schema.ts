import { z } from 'zod';

/** A text that exists in French and in Dutch (both required). */
export const localizedSchema = (max = 500) =>
  z.object({
    fr: z.string().trim().min(1).max(max),
    nl: z.string().trim().min(1).max(max),
  });

/** An optional text: absent in both languages, or present in both (never in one only). */
export const optionalLocalizedSchema = (max = 5_000) => localizedSchema(max).nullable();

export type LocalizedValue = z.output<ReturnType<typeof localizedSchema>>;

export const languageCodeSchema = z.enum(['fr', 'nl']);
