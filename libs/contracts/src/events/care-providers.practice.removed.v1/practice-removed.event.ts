import { z } from 'zod';
import { defineEvent } from '../../envelope.js';

export const PracticeRemovedV1 = defineEvent({
  type: 'care-providers.practice.removed.v1',
  audience: 'public',
  description: 'A provider no longer practises at this place (removed by staff, or absent from the CoBRHA extract). A tombstone: no content.',
  schema: z.object({ id: z.string(), providerId: z.string().regex(/^\d{8}$/) }).strict(),
});
