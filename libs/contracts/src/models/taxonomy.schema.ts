import { z } from 'zod';
import { localizedSchema, optionalLocalizedSchema } from '../values/localized.schema.js';

/** A category of the thematic tree (describes a need), with where it sits in the tree. */
export const publishedCategorySchema = z.object({
  id: z.number().int().positive(),
  name: localizedSchema(300),
  definition: optionalLocalizedSchema(3_000),
  keywords: z.object({ fr: z.array(z.string()), nl: z.array(z.string()) }),
  referenceUrls: z.array(z.string()),
  relatedCategoryIds: z.array(z.number().int().positive()),
  /** Rubriques (and their sectors) the category is placed in. */
  placements: z.array(z.object({ sectorId: z.number().int().positive(), rubriqueId: z.number().int().positive() })),
  status: z.enum(['active', 'retired']),
  retiredAt: z.iso.datetime({ offset: true }).nullable(),
});

export const publishedSectorSchema = z.object({
  id: z.number().int().positive(),
  code: z.string(),
  name: localizedSchema(300),
  definition: optionalLocalizedSchema(3_000),
  rubriques: z.array(z.object({ id: z.number().int().positive(), name: localizedSchema(300) })),
});

export type PublishedCategory = z.output<typeof publishedCategorySchema>;
export type PublishedSector = z.output<typeof publishedSectorSchema>;
