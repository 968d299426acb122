import { z } from 'zod';
import { defineEvent } from '../../envelope.js';
import { publishedSectorSchema } from '../../models/taxonomy.schema.js';

export const SectorChangedV1 = defineEvent({
  type: 'organisations.sector.changed.v1',
  audience: 'public',
  description: 'A sector of the thematic tree or its rubriques were created or changed. Payload: the complete sector with its rubriques.',
  schema: z.object({
    changes: z.array(z.enum(['created', 'renamed', 'redefined', 'rubriques'])).min(1),
    sector: publishedSectorSchema,
  }),
});
