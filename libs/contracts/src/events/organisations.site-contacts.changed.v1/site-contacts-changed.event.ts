import { defineEvent } from '../../envelope.js';
import { siteContactsStateSchema } from '../../models/crisis.schema.js';

export const SiteContactsChangedV1 = defineEvent({
  type: 'organisations.site-contacts.changed.v1',
  audience: 'authority',
  description: 'The crisis contacts of a site (direct and emergency numbers, person in charge) changed. Only for the crisis-management consumers; never published.',
  schema: siteContactsStateSchema,
});
