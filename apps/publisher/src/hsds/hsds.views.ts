import { z } from 'zod';
import { issue, registerMessages } from '@care/kernel';
import { parseHsdsId, type HsdsKind } from './hsds-ids.js';

registerMessages({
  'hsds.unknown_id': { fr: 'Identifiant HSDS inconnu de cette API (voir /hsds/profile)', nl: 'HSDS-identificatie onbekend in deze API (zie /hsds/profile)' },
});

export const HSDS_LANGUAGES = ['fr', 'nl'] as const;
export type HsdsLanguage = (typeof HSDS_LANGUAGES)[number];

/** An HSDS id of this API naming a `kind`, read as the directory's numeric id. */
const idOf = (...kinds: HsdsKind[]) =>
  z.string().transform((value, ctx) => {
    const parsed = parseHsdsId(value);
    if (!parsed || !kinds.includes(parsed.kind)) {
      ctx.addIssue(issue('hsds.unknown_id'));
      return z.NEVER;
    }
    return parsed;
  });

const lang = z.enum(HSDS_LANGUAGES).default('fr').describe('Brussels profile: language of the text fields (both languages are in `attributes`)');
const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    per_page: z.coerce.number().int().min(1).max(1_000).default(50),
    format: z.enum(['json', 'ndjson']).default('json').describe('`ndjson`: every result, one per line, without pages'),
    lang,
    modified_after: z.iso.datetime({ offset: true }).optional().describe('Only what changed at or after this instant'),
  })
  .strict();
export type HsdsListQuery = z.output<typeof listQuery>;

export const hsdsListQuerySchema = listQuery;
export const hsdsServicesQuerySchema = listQuery.extend({
  organization_id: idOf('organization').optional(),
  taxonomy_term_id: idOf('category').optional().describe('A category term: services classified in it'),
});
export type HsdsServicesQuery = z.output<typeof hsdsServicesQuerySchema>;
export const hsdsTermsQuerySchema = listQuery.extend({
  parent_id: idOf('sector', 'rubrique').optional(),
  top_only: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type HsdsTermsQuery = z.output<typeof hsdsTermsQuerySchema>;
export const hsdsItemQuerySchema = z.object({ lang }).strict();
export const hsdsItemParamsSchema = z.object({ id: z.string().max(100) });

// ---- answers: what this API emits, a subset of the HSDS 3.0 schemas (checked against them in hsds.int-spec) ----
const id = z.uuid();
const text = z.string();

export const hsdsAttributeSchema = z.object({
  id,
  link_id: id,
  link_entity: text,
  /** Brussels profile: `<fr|nl>:<field>` for a text in each language, `category` for a classification. */
  link_type: text,
  taxonomy_term_id: id.optional(),
  value: text.optional(),
});
const phone = z.object({ id, service_id: id.optional(), number: text, type: z.enum(['voice', 'fax']) });
const language = z.object({ id, service_id: id.optional(), code: text, name: text.optional() });
const schedule = z.object({
  id,
  service_id: id,
  valid_from: text.optional(),
  valid_to: text.optional(),
  freq: z.enum(['WEEKLY']).optional(),
  wkst: z.enum(['MO']).optional(),
  byday: text.optional(),
  opens_at: text.optional(),
  closes_at: text.optional(),
  description: text.optional(),
  attending_type: text.optional(),
});
const address = z.object({
  id,
  location_id: id,
  address_1: text,
  address_2: text.optional(),
  city: text,
  region: text.optional(),
  state_province: text,
  postal_code: text,
  country: z.literal('BE'),
  address_type: z.literal('physical'),
});
export const hsdsLocationSchema = z.object({
  id,
  location_type: z.literal('physical'),
  organization_id: id.optional(),
  name: text,
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  external_identifier: text.optional(),
  external_identifier_type: text.optional(),
  addresses: z.array(address),
  attributes: z.array(hsdsAttributeSchema),
});
export const hsdsServiceAtLocationSchema = z.object({ id, service_id: id, location_id: id, location: hsdsLocationSchema });
export const hsdsOrganizationSchema = z.object({
  id,
  name: text,
  alternate_name: text.optional(),
  description: text,
  legal_status: text.optional(),
  tax_id: text.optional(),
  year_incorporated: z.number().int().optional(),
  organization_identifiers: z.array(z.object({ id, organization_id: id, identifier_scheme: text, identifier_type: text, identifier: text })),
  attributes: z.array(hsdsAttributeSchema),
});
export const hsdsServiceSchema = z.object({
  id,
  organization_id: id.optional(),
  name: text,
  alternate_name: text.optional(),
  description: text.optional(),
  url: text.optional(),
  email: text.optional(),
  status: z.literal('active'),
  eligibility_description: text.optional(),
  alert: text.optional(),
  assured_date: text.optional(),
  last_modified: z.iso.datetime({ offset: true }),
  phones: z.array(phone),
  schedules: z.array(schedule),
  languages: z.array(language),
  service_at_locations: z.array(hsdsServiceAtLocationSchema),
  attributes: z.array(hsdsAttributeSchema),
  organization: hsdsOrganizationSchema.optional(),
});
export const hsdsTaxonomySchema = z.object({ id, name: text, description: text, version: text.optional() });
export const hsdsTaxonomyTermSchema = z.object({
  id,
  code: text.optional(),
  name: text,
  description: text,
  parent_id: id.optional(),
  taxonomy: text,
  taxonomy_id: id,
  language: z.enum(HSDS_LANGUAGES),
});
/** Brussels profile: what stopped being public (an unpublished site, a retired category), for delta sync. */
export const hsdsDeletionSchema = z.object({
  id,
  type: z.enum(['service', 'location', 'service_at_location', 'taxonomy_term']),
  deleted_at: z.iso.datetime({ offset: true }),
});

export const hsdsPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

export const hsdsRootSchema = z.object({ version: text, profile: z.url(), openapi_url: z.url() });

export const hsdsProfileSchema = z.object({
  name: text,
  hsds_version: text,
  description: z.object({ fr: text, nl: text }),
  identifiers: text,
  parameters: z.array(z.object({ name: text, endpoints: z.array(text), description: text })),
  attributes: z.array(z.object({ link_type: text, description: text })),
  endpoints: z.array(z.object({ path: text, description: text })),
  licence: z.object({ name: text, url: text }),
  attribution: text,
});

export type HsdsAttribute = z.output<typeof hsdsAttributeSchema>;
export type HsdsLocation = z.output<typeof hsdsLocationSchema>;
export type HsdsServiceAtLocation = z.output<typeof hsdsServiceAtLocationSchema>;
export type HsdsOrganization = z.output<typeof hsdsOrganizationSchema>;
export type HsdsService = z.output<typeof hsdsServiceSchema>;
export type HsdsTaxonomy = z.output<typeof hsdsTaxonomySchema>;
export type HsdsTaxonomyTerm = z.output<typeof hsdsTaxonomyTermSchema>;
export type HsdsDeletion = z.output<typeof hsdsDeletionSchema>;
