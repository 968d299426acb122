import { defineEvent } from '../../envelope.js';
import { authorityCareProviderSchema } from '../../models/care-provider.schema.js';

export const CareProviderAuthorityChangedV1 = defineEvent({
  type: 'care-providers.provider.authority-changed.v1',
  audience: 'authority',
  description: 'The authority-only facts of a care provider changed (direct contacts, approval status). Only for the crisis-management consumers.',
  schema: authorityCareProviderSchema,
});
