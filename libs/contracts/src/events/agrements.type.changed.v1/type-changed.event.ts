import { defineEvent } from '../../envelope.js';
import { publicAgrementTypeSchema } from '../../models/agrement.schema.js';

export const AgrementTypeChangedV1 = defineEvent({
  type: 'agrements.type.changed.v1',
  audience: 'public',
  description:
    'An agrément type was created or changed, or moved to another authority by a succession (a new attribution period; earlier periods unchanged). Payload: its complete state.',
  schema: publicAgrementTypeSchema,
});
