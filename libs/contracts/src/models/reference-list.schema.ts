import { z } from 'zod';
import { localizedSchema } from '../values/localized.schema.js';

/** One closed list as published: its name and every item (retired ones stay, inactive). */
export const publishedReferenceListSchema = z.object({
  name: z.string().regex(/^[a-z][a-z-]{1,40}$/),
  items: z.array(
    z.object({
      code: z.string().min(1).max(50),
      label: localizedSchema(200),
      parent: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
});
export type PublishedReferenceList = z.output<typeof publishedReferenceListSchema>;
