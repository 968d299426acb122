import { z } from 'zod';
import { defineEvent } from '../../envelope.js';

export const SiteUnpublishedV1 = defineEvent({
  type: 'organisations.site.unpublished.v1',
  audience: 'public',
  description:
    'A site is no longer public: withdrawn to internal use, or archived (closed). Consumers remove it (a tombstone for the publisher); no content is carried.',
  schema: z.object({
    id: z.number().int().positive(),
    reason: z.enum(['internal', 'archived']),
  }),
});
