import { defineEvent } from '../../envelope.js';
import { publicPracticeSchema } from '../../models/care-provider.schema.js';

export const PracticeChangedV1 = defineEvent({
  type: 'care-providers.practice.changed.v1',
  audience: 'public',
  description: 'A practice of a care provider was added or changed (including its link to a site becoming unpublished). Payload: its complete public state.',
  schema: publicPracticeSchema,
});
