import { z } from 'zod';
import { defineEvent } from '../../envelope.js';
import { publishedCategorySchema } from '../../models/taxonomy.schema.js';

export const CategoryChangedV1 = defineEvent({
  type: 'organisations.category.changed.v1',
  audience: 'public',
  description:
    'A category of the thematic tree was created, renamed, redefined, moved or retired. Payload: the change kinds and the complete category after the change.',
  schema: z.object({
    changes: z.array(z.enum(['created', 'renamed', 'redefined', 'keywords', 'moved', 'related', 'retired', 'restored'])).min(1),
    category: publishedCategorySchema,
  }),
});
