import { defineEvent } from '../../envelope.js';
import { publishedOrganisationSchema } from '../../models/published-organisation.schema.js';

export const OrganisationChangedV1 = defineEvent({
  type: 'organisations.organisation.changed.v1',
  audience: 'public',
  description:
    'An organisation (legal entity) was created or changed, including being struck off at the KBO/BCE. Payload: its complete public state.',
  schema: publishedOrganisationSchema,
});
