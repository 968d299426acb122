import { defineEvent } from '../../envelope.js';
import { publishedSiteSchema } from '../../models/published-site.schema.js';

export const SiteUpdatedV1 = defineEvent({
  type: 'organisations.site.updated.v1',
  audience: 'public',
  description: 'A public site changed (content, verification date). Payload: the complete public state after the change.',
  schema: publishedSiteSchema,
});
