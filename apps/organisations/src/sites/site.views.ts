import { z } from 'zod';
import { provenanceSchema, publishedSiteSchema, SITE_FIELD_GROUPS } from '@care/contracts';
import { GEOCODING_STATUSES, SITE_STATES, type Site } from '@care/organisations-domain';
import { assertReadable, type SiteCaller } from './site-caller.js';

/** A site as the back office sees it: the public content plus workflow and internal provenance. */
export const siteViewSchema = publishedSiteSchema.extend({
  state: z.enum(SITE_STATES),
  geocoding: z.enum(GEOCODING_STATUSES),
  version: z.number().int(),
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  provenance: z.partialRecord(z.enum(SITE_FIELD_GROUPS), provenanceSchema.extend({ validatedBy: z.string().nullable() })),
});

export type SiteView = z.output<typeof siteViewSchema>;

export function siteView(site: Site): SiteView {
  return {
    ...site.toPublished(),
    state: site.state,
    geocoding: site.geocodingStatus,
    version: site.version,
    publishedAt: site.publishedAt?.toISOString() ?? null,
    createdAt: site.createdAt.toISOString(),
    provenance: site.provenance,
  };
}

/**
 * The one place that decides what a caller receives of a site: the back-office view (workflow
 * state, provenance with the staff who validated, geocoding, version) for the internal audience,
 * the public contract otherwise; drafts and internal fiches exist for the internal audience only.
 */
export function siteViewFor(site: Site, caller: SiteCaller): SiteView | z.output<typeof publishedSiteSchema> {
  assertReadable(site, caller);
  return caller.audience === 'internal' ? siteView(site) : site.toPublished();
}

/** A site as anyone may receive it: the back-office view or the public contract. */
export const siteAnyViewSchema = z.union([siteViewSchema, publishedSiteSchema]);

export const siteSummarySchema = z.object({
  id: z.number().int(),
  state: z.enum(SITE_STATES),
  version: z.number().int(),
  name: z.object({ fr: z.string(), nl: z.string() }),
  organisationId: z.number().int().nullable(),
  postcode: z.string(),
  municipalityNis: z.string().nullable(),
  categoryIds: z.array(z.number().int()),
  lastVerifiedAt: z.iso.datetime({ offset: true }).nullable(),
  geocoding: z.enum(GEOCODING_STATUSES),
  updatedAt: z.iso.datetime({ offset: true }),
});

export function siteSummary(site: Site): z.output<typeof siteSummarySchema> {
  return {
    id: site.id,
    state: site.state,
    version: site.version,
    name: site.names.official,
    organisationId: site.organisationId,
    postcode: site.postcode,
    municipalityNis: site.municipalityNis,
    categoryIds: site.categoryIds,
    lastVerifiedAt: site.lastVerifiedAt?.toISOString() ?? null,
    geocoding: site.geocodingStatus,
    updatedAt: site.updatedAt.toISOString(),
  };
}

export const publicSiteSummarySchema = siteSummarySchema.omit({ state: true, version: true, geocoding: true });

export function siteSummaryFor(site: Site, caller: SiteCaller): z.output<typeof siteSummarySchema> | z.output<typeof publicSiteSummarySchema> {
  const summary = siteSummary(site);
  if (caller.audience === 'internal') return summary;
  const { state: _state, version: _version, geocoding: _geocoding, ...open } = summary;
  return open;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int() });
