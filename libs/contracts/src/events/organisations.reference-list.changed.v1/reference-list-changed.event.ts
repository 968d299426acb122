import { z } from 'zod';
import { defineEvent } from '../../envelope.js';
import { publishedReferenceListSchema } from '../../models/reference-list.schema.js';

export const ReferenceListChangedV1 = defineEvent({
  type: 'organisations.reference-list.changed.v1',
  audience: 'public',
  description:
    'A closed list (legal statuses, access modalities, offer kinds, target publics, languages, action zones) was first published or changed. Payload: the complete list, every item with its FR/NL label; the codes sites carry refer to it. Aggregate: the list.',
  schema: z.object({ list: publishedReferenceListSchema }),
});
