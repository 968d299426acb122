import { defineEvent } from '../../envelope.js';
import { publicAuthoritySchema } from '../../models/agrement.schema.js';

export const AuthorityChangedV1 = defineEvent({
  type: 'agrements.authority.changed.v1',
  audience: 'public',
  description: 'An accrediting authority was created or changed (names, validity, successor after a succession). Payload: its complete state.',
  schema: publicAuthoritySchema,
});
