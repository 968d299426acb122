import { z } from 'zod';
import { defineEvent } from '../../envelope.js';

/** Internal: the workflow trail of every site, public or not. Carries no content. */
export const SiteChangedV1 = defineEvent({
  type: 'organisations.site.changed.v1',
  audience: 'internal',
  description: 'Any change of a site in the back office (creation, edit, workflow step). Internal audience: identifiers and state only, no content.',
  schema: z.object({
    id: z.number().int().positive(),
    change: z.enum(['created', 'edited', 'submitted', 'rejected', 'validated', 'published', 'made-internal', 'archived', 'restored', 'verified']),
    state: z.enum(['draft', 'submitted', 'validated', 'published', 'internal', 'archived']),
  }),
});
