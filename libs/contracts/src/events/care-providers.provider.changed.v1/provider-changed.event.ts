import { defineEvent } from '../../envelope.js';
import { publicCareProviderSchema } from '../../models/care-provider.schema.js';

export const CareProviderChangedV1 = defineEvent({
  type: 'care-providers.provider.changed.v1',
  audience: 'public',
  description:
    'A care provider was registered, changed, objected to publishing an optional field, or was deactivated (status inactive). Payload: the complete public state (objected fields absent).',
  schema: publicCareProviderSchema,
});
