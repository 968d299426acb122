import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { PublishedCategory, PublishedOrganisation, PublishedSector, PublishedSite } from '@care/contracts';
import { NotFoundError } from '@care/kernel';
import { cursorBatches } from '@care/persistence';
import { PUBLISHER_CONFIG, type PublisherConfig } from '../config/publisher.config.js';
import { iso } from '../feed/feed.queries.js';
import { hsdsId, parseHsdsId } from './hsds-ids.js';
import { categoryTerm, sectorTerms, thematicTaxonomy, toOrganization, toService, toServiceAtLocation } from './hsds.mapper.js';
import type { HsdsDeletion, HsdsLanguage, HsdsListQuery, HsdsServicesQuery, HsdsTermsQuery, HsdsTaxonomyTerm } from './hsds.views.js';

interface HeadRow {
  id: string;
  payload: unknown;
  modified: string;
}

/** A list of this API read from `entity_head`: which rows, and how each becomes HSDS objects. */
interface Listing<T> {
  /** The FROM clause (with its conditions) the rows come from. */
  source: string;
  params: unknown[];
  map(row: HeadRow): T;
}

export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

function page<T>(contents: T[], total: number, query: HsdsListQuery): HsdsPage<T> {
  const pages = Math.ceil(total / query.per_page);
  return { total_items: total, total_pages: pages, page_number: query.page, size: contents.length, first_page: query.page === 1, last_page: query.page >= pages, empty: total === 0, contents };
}

const LABEL = { service: { fr: 'Service HSDS', nl: 'HSDS-dienst' }, organization: { fr: 'Organisation HSDS', nl: 'HSDS-organisatie' } };

/**
 * The HSDS 3.0 API over the current version of each public entity (`entity_head`). Lists page in
 * the primary key's order; `format=ndjson` streams every result from one repeatable-read snapshot.
 * `last_modified` and `modified_after` are the feed's valid-from instant of the current version.
 */
@Injectable()
export class HsdsQueries {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(PUBLISHER_CONFIG) private readonly config: PublisherConfig,
  ) {}

  root() {
    return { version: '3.0', profile: `${this.config.GATEWAY_PUBLIC_URL}/api/publisher/hsds/profile`, openapi_url: `${this.config.GATEWAY_PUBLIC_URL}/docs-json` };
  }

  services(query: HsdsServicesQuery) {
    return this.listing(this.sites(query, (site, modified) => toService(site, query.lang, modified)), query);
  }

  serviceAtLocations(query: HsdsServicesQuery) {
    return this.listing(this.sites(query, (site) => toServiceAtLocation(site, query.lang)), query);
  }

  organizations(query: HsdsListQuery) {
    return this.listing(this.heads('organisation', query, (row) => toOrganization(row.payload as PublishedOrganisation, query.lang)), query);
  }

  async service(id: string, lang: HsdsLanguage) {
    const site = parseHsdsId(id)?.kind === 'service' ? await this.head('site', parseHsdsId(id)!.id) : undefined;
    if (!site) throw new NotFoundError(LABEL.service, id);
    const payload = site.payload as PublishedSite;
    const organisation = payload.organisationId ? await this.head('organisation', payload.organisationId) : undefined;
    return toService(payload, lang, site.modified, organisation?.payload as PublishedOrganisation | undefined);
  }

  async organization(id: string, lang: HsdsLanguage) {
    const organisation = parseHsdsId(id)?.kind === 'organization' ? await this.head('organisation', parseHsdsId(id)!.id) : undefined;
    if (!organisation) throw new NotFoundError(LABEL.organization, id);
    return toOrganization(organisation.payload as PublishedOrganisation, lang);
  }

  taxonomies(query: HsdsListQuery) {
    return this.inMemory([thematicTaxonomy(query.lang)], query);
  }

  async taxonomyTerms(query: HsdsTermsQuery) {
    const rows = await this.orm.em.fork().execute<HeadRow[]>(
      `select entity_type || ':' || entity_id as id, payload, valid_from as modified from entity_head
       where entity_type in ('sector', 'category') and not deleted and coalesce(payload->>'status', 'active') = 'active' and valid_from >= ?
       order by entity_type desc, length(entity_id), entity_id`,
      [query.modified_after ?? new Date(0).toISOString()],
    );
    const seen = new Set<string>();
    const terms = rows
      .flatMap((row) => (row.id.startsWith('sector:') ? sectorTerms(row.payload as PublishedSector, query.lang) : [categoryTerm(row.payload as PublishedCategory, query.lang)]))
      // A rubrique listed under two sectors is one term.
      .filter((t) => !seen.has(t.id) && seen.add(t.id))
      .filter((t) => (query.top_only ? !t.parent_id : true) && (query.parent_id ? t.parent_id === hsdsId(query.parent_id.kind, query.parent_id.id) : true));
    return this.inMemory<HsdsTaxonomyTerm>(terms, query);
  }

  /** Brussels profile: what stopped being public since `modified_after`, each HSDS object it made. */
  deletions(query: HsdsListQuery) {
    const listing: Listing<HsdsDeletion> = {
      source: `(select entity_type, entity_id, valid_from from entity_head
          where ((entity_type = 'site' and deleted) or (entity_type = 'category' and not deleted and payload->>'status' = 'retired')) and valid_from >= ?) h
        join (values ('site', 'service', 'service'), ('site', 'location', 'location'), ('site', 'service_at_location', 'service-at-location'), ('category', 'taxonomy_term', 'category'))
          as k(entity_type, type, kind) on k.entity_type = h.entity_type`,
      params: [query.modified_after ?? new Date(0).toISOString()],
      map: (row) => {
        const [type, kind, entityId] = row.id.split(':') as [HsdsDeletion['type'], Parameters<typeof hsdsId>[0], string];
        return { id: hsdsId(kind, entityId), type, deleted_at: iso(row.modified) };
      },
    };
    return this.listing(listing, query, `k.type || ':' || k.kind || ':' || h.entity_id as id, null as payload, h.valid_from as modified`, 'h.valid_from, h.entity_id, k.type');
  }

  private sites<T>(query: HsdsServicesQuery, map: (site: PublishedSite, modified: string) => T): Listing<T> {
    const listing = this.heads('site', query, (row) => map(row.payload as PublishedSite, iso(row.modified)));
    if (query.organization_id) {
      listing.source += ` and (payload->>'organisationId')::bigint = ?`;
      listing.params.push(query.organization_id.id);
    }
    if (query.taxonomy_term_id) {
      listing.source += ` and payload->'categoryIds' @> ?::jsonb`;
      listing.params.push(JSON.stringify([query.taxonomy_term_id.id]));
    }
    return listing;
  }

  private heads<T>(entityType: string, query: HsdsListQuery, map: (row: HeadRow) => T): Listing<T> {
    return { source: `entity_head where entity_type = ? and not deleted and valid_from >= ?`, params: [entityType, query.modified_after ?? new Date(0).toISOString()], map };
  }

  private async head(entityType: string, id: number): Promise<HeadRow | undefined> {
    const [row] = await this.orm.em.fork().execute<HeadRow[]>(`select entity_id as id, payload, valid_from as modified from entity_head where entity_type = ? and entity_id = ? and not deleted`, [entityType, String(id)]);
    return row;
  }

  /**
   * A page of a listing (`format=json`), or, for `format=ndjson`, a function that streams every
   * result to a destination, one JSON object per line.
   */
  private async listing<T>(
    listing: Listing<T>,
    query: HsdsListQuery,
    columns = `entity_id as id, payload, valid_from as modified`,
    order = 'entity_type, entity_id',
  ): Promise<HsdsPage<T> | ((out: Writable) => Promise<void>)> {
    const select = `select ${columns} from ${listing.source}`;
    if (query.format === 'ndjson') {
      return (out) =>
        this.orm.em.fork().transactional(
          async (tx) => {
            async function* lines() {
              for await (const batch of cursorBatches<HeadRow>(tx, `${select} order by ${order}`, listing.params)) yield batch.map((row) => `${JSON.stringify(listing.map(row))}\n`).join('');
            }
            await pipeline(Readable.from(lines()), out);
          },
          { isolationLevel: 'repeatable read', readOnly: true },
        );
    }
    const em = this.orm.em.fork();
    const [{ total }] = (await em.execute(`select count(*)::int as total from ${listing.source}`, listing.params)) as [{ total: number }];
    const rows = await em.execute<HeadRow[]>(`${select} order by ${order} limit ? offset ?`, [...listing.params, query.per_page, (query.page - 1) * query.per_page]);
    return page(rows.map(listing.map), total, query);
  }

  private inMemory<T>(items: T[], query: HsdsListQuery): HsdsPage<T> | ((out: Writable) => Promise<void>) {
    if (query.format === 'ndjson') return (out) => pipeline(Readable.from(items.map((item) => `${JSON.stringify(item)}\n`)), out);
    return page(items.slice((query.page - 1) * query.per_page, query.page * query.per_page), items.length, query);
  }
}
