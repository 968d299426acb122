import { defineEvent } from '../../envelope.js';
import { publishedSiteSchema } from '../../models/published-site.schema.js';

export const SitePublishedV1 = defineEvent({
  type: 'organisations.site.published.v1',
  audience: 'public',
  description: 'A site became public (first publication, or again after being unpublished). Payload: the complete public state.',
  schema: publishedSiteSchema,
});
