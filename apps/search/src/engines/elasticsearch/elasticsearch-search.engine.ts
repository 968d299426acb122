import { Client, errors, type estypes } from '@elastic/elasticsearch';
import type { HealthReport } from '@care/kernel';
import {
  FACETS,
  type DocumentKind,
  type Facet,
  type Removal,
  type SearchDisplay,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '@care/search-domain';

export interface ElasticsearchSearchEngineOptions {
  node: string;
  /** Concrete indices are `${indexPrefix}-g${generation}`; aliases `${indexPrefix}` (read) and `${indexPrefix}-write`. */
  indexPrefix: string;
  apiKey?: string;
  requestTimeoutMs?: number;
  /** Default 1 (a workstation); raise on a real cluster. */
  shards?: number;
  /** Default 0 (a single node); raise on a real cluster. */
  replicas?: number;
}

/** How a document is stored (`_source`); the mapping in `indexTemplate` describes exactly these fields. */
export interface ElasticsearchSource {
  id: string;
  kind: DocumentKind;
  entity_id: string;
  name_fr: string;
  name_nl: string;
  names: string[];
  keywords_fr: string;
  keywords_nl: string;
  text_fr: string;
  text_nl: string;
  point: { lat: number; lon: number } | null;
  postcode: string | null;
  municipality: string | null;
  stat_sector: string | null;
  district: string | null;
  offer_kind: string | null;
  profession: string | null;
  convention: string | null;
  sector_ids: number[];
  rubrique_ids: number[];
  category_ids: number[];
  agrement_type_ids: string[];
  authority_ids: string[];
  languages: string[];
  target_publics: string[];
  accepting_patients: boolean | null;
  open_intervals: Array<{ gte: string; lt: string }>;
  version: number;
  display: SearchDisplay;
}

/** What a hit needs back; the rest of the source stays on the cluster. */
type HitSource = Pick<ElasticsearchSource, 'id' | 'kind' | 'entity_id' | 'point' | 'display'>;
const HIT_SOURCE_FIELDS: Array<keyof HitSource> = ['id', 'kind', 'entity_id', 'point', 'display'];

type FacetAggregate = estypes.AggregationsTermsAggregateBase<estypes.AggregationsStringTermsBucket | estypes.AggregationsLongTermsBucket>;

const FACET_FIELDS: Record<Facet, keyof ElasticsearchSource> = {
  kind: 'kind',
  sector: 'sector_ids',
  category: 'category_ids',
  municipality: 'municipality',
  language: 'languages',
  authority: 'authority_ids',
  profession: 'profession',
  convention: 'convention',
};

const FACET_SIZE = 200;
const BULK_CHUNK = 500;
/** Other processes may swap the aliases: a lookup is trusted this long, no longer. */
const ALIAS_CACHE_MS = 5_000;
/** Same radius as the PostgreSQL engine's `search.distance_m` and close to Elasticsearch's arc distance. */
const EARTH_RADIUS_M = 6_371_008.8;

const FRENCH_ELISIONS = ['l', 'd', 'qu', 'j', 'm', 'n', 's', 't', 'c', 'jusqu', 'quoiqu', 'lorsqu', 'puisqu'];

/**
 * Parts of Dutch compounds common in social and health services ("thuisverpleging",
 * "woonzorgcentrum", "schuldbemiddeling"): searching one part finds the compound. Folded and
 * lowercase, as the tokens are when the decompounder sees them.
 */
// prettier-ignore
const DUTCH_COMPOUND_PARTS = [
  'zorg', 'thuis', 'verpleging', 'verpleeg', 'verpleegkundige', 'kundige', 'huis', 'huizen', 'ziekenhuis', 'zieken', 'hulp', 'dienst', 'diensten',
  'centrum', 'centra', 'opvang', 'kinder', 'kind', 'gezin', 'jeugd', 'jongeren', 'ouderen', 'senioren', 'woon', 'wijk', 'buurt', 'gezondheid',
  'geestelijke', 'psychiatrie', 'psychiatrisch', 'werk', 'schuld', 'schulden', 'bemiddeling', 'begeleiding', 'verzorging', 'verzorgende',
  'arts', 'tand', 'revalidatie', 'verslaving', 'preventie', 'welzijn', 'onthaal', 'dag', 'nacht', 'crisis', 'nood', 'voedsel', 'bank',
  'rust', 'palliatieve', 'mantel', 'vrijwilligers', 'vrouwen', 'slachtoffer', 'geweld', 'armoede', 'huisvesting', 'huur', 'opleiding',
  'taal', 'inburgering', 'tolk', 'advies', 'raad', 'consultatie', 'bureau', 'verblijf', 'tehuis', 'handicap', 'beperking', 'straat',
  'planning', 'moeder', 'ouder', 'geboorte', 'familie', 'zelfhulp', 'sociaal', 'sociale', 'maatschappelijk', 'juridisch', 'recht',
];

/** Index template of every generation of `prefix`: analysis, strict mapping, workstation-sized shards by default. */
export function indexTemplate(prefix: string, sizing: { shards?: number; replicas?: number } = {}): estypes.IndicesPutIndexTemplateRequest {
  const sort: estypes.MappingProperty = { type: 'keyword', normalizer: 'care_sort' };
  const keyword: estypes.MappingProperty = { type: 'keyword' };
  const integer: estypes.MappingProperty = { type: 'integer' };
  return {
    name: `${prefix}-generations`,
    index_patterns: [`${prefix}-g*`],
    // Above the built-in templates (100); patterns of distinct prefixes never overlap.
    priority: 500,
    // A write to a dropped generation must fail, not silently recreate it.
    allow_auto_create: false,
    _meta: { description: 'care search documents, one index per generation' },
    template: {
      settings: {
        number_of_shards: sizing.shards ?? 1,
        number_of_replicas: sizing.replicas ?? 0,
        // A delete's version outlives the document this long (default 60 s), so a replayed older
        // write cannot resurrect it; PostgreSQL keeps removals for the generation's life.
        gc_deletes: '1h',
        analysis: {
          filter: {
            care_fr_elision: { type: 'elision', articles: FRENCH_ELISIONS, articles_case: true },
            care_fr_stop: { type: 'stop', stopwords: '_french_' },
            care_fr_stem: { type: 'stemmer', language: 'light_french' },
            care_nl_stop: { type: 'stop', stopwords: '_dutch_' },
            care_nl_decompound: { type: 'dictionary_decompounder', word_list: DUTCH_COMPOUND_PARTS },
            care_nl_stem: { type: 'snowball', language: 'Dutch' },
            // The Dutch stemmer leaves "ziekenhuizen" at "ziekenhuiz" and "brieven" at "briev": a final
            // z/v becomes s/f, as in the singular (the PostgreSQL engine's search.nl_fold does the same).
            care_nl_final_z: { type: 'pattern_replace', pattern: 'z$', replacement: 's' },
            care_nl_final_v: { type: 'pattern_replace', pattern: 'v$', replacement: 'f' },
          },
          analyzer: {
            // Stop words are removed before folding: the French list spells them with accents.
            care_fr: {
              type: 'custom',
              tokenizer: 'standard',
              filter: ['care_fr_elision', 'lowercase', 'care_fr_stop', 'asciifolding', 'care_fr_stem'],
            },
            care_nl: {
              type: 'custom',
              tokenizer: 'standard',
              filter: [
                'lowercase',
                'care_nl_stop',
                'asciifolding',
                'care_nl_decompound',
                'care_nl_stem',
                'care_nl_final_z',
                'care_nl_final_v',
              ],
            },
            care_simple: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
          },
          normalizer: {
            care_sort: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: keyword,
          kind: keyword,
          entity_id: keyword,
          name_fr: { type: 'text', analyzer: 'care_fr', fields: { sort } },
          name_nl: { type: 'text', analyzer: 'care_nl', fields: { sort } },
          names: { type: 'text', analyzer: 'care_simple' },
          keywords_fr: { type: 'text', analyzer: 'care_fr' },
          keywords_nl: { type: 'text', analyzer: 'care_nl' },
          text_fr: { type: 'text', analyzer: 'care_fr' },
          text_nl: { type: 'text', analyzer: 'care_nl' },
          point: { type: 'geo_point' },
          postcode: keyword,
          municipality: keyword,
          stat_sector: keyword,
          district: keyword,
          offer_kind: keyword,
          profession: keyword,
          convention: keyword,
          sector_ids: integer,
          rubrique_ids: integer,
          category_ids: integer,
          agrement_type_ids: keyword,
          authority_ids: keyword,
          languages: keyword,
          target_publics: keyword,
          accepting_patients: { type: 'boolean' },
          open_intervals: { type: 'date_range' },
          version: { type: 'long' },
          // Shown as is, never searched: kept in _source only.
          display: { type: 'object', enabled: false },
        },
      },
    },
  };
}

/** The one place a `SearchDocument` becomes an Elasticsearch source. */
export function toSource(doc: SearchDocument): ElasticsearchSource {
  return {
    id: doc.id,
    kind: doc.kind,
    entity_id: doc.entityId,
    name_fr: doc.name.fr,
    name_nl: doc.name.nl,
    names: [...new Set([doc.name.fr, doc.name.nl, ...doc.altNames])],
    keywords_fr: doc.keywords.fr,
    keywords_nl: doc.keywords.nl,
    text_fr: doc.text.fr,
    text_nl: doc.text.nl,
    point: doc.point ? { lat: doc.point.lat, lon: doc.point.lon } : null,
    postcode: doc.postcode,
    municipality: doc.municipality,
    stat_sector: doc.statSector,
    district: doc.district,
    offer_kind: doc.offerKind,
    profession: doc.profession,
    convention: doc.convention,
    sector_ids: doc.sectorIds,
    rubrique_ids: doc.rubriqueIds,
    category_ids: doc.categoryIds,
    agrement_type_ids: doc.agrementTypeIds,
    authority_ids: doc.authorityIds,
    languages: doc.languages,
    target_publics: doc.targetPublics,
    accepting_patients: doc.acceptingPatients,
    open_intervals: doc.openIntervals.map(({ start, end }) => ({ gte: start, lt: end })),
    version: doc.version,
    display: doc.display,
  };
}

/** The search request of `query` against `index` (an alias or a concrete generation). */
export function searchRequest(index: string, query: SearchQuery): estypes.SearchRequest {
  const filter: estypes.QueryDslQueryContainer[] = [];
  // OR within one filter, AND between filters.
  const terms = (field: keyof ElasticsearchSource, values: ReadonlyArray<string | number>) => {
    if (values.length > 0) filter.push({ terms: { [field]: [...values] } });
  };
  terms('kind', query.kind);
  terms('municipality', query.municipality);
  terms('stat_sector', query.statSector);
  terms('district', query.district);
  terms('sector_ids', query.sector);
  terms('rubrique_ids', query.rubrique);
  terms('category_ids', query.category);
  terms('agrement_type_ids', query.agrementType);
  terms('authority_ids', query.authority);
  terms('languages', query.language);
  terms('offer_kind', query.offerKind);
  terms('target_publics', query.publicTarget);
  terms('profession', query.profession);
  terms('convention', query.convention);
  if (query.acceptingPatients !== null) filter.push({ term: { accepting_patients: query.acceptingPatients } });
  // A term on a range field matches the ranges containing the instant.
  if (query.openAt) filter.push({ term: { open_intervals: query.openAt.toISOString() } });
  if (query.near)
    filter.push({ geo_distance: { distance: `${query.near.radiusM}m`, point: { lat: query.near.lat, lon: query.near.lon } } });
  if (query.bbox) {
    const { west, south, east, north } = query.bbox;
    filter.push({ geo_bounding_box: { point: { top_left: { lat: north, lon: west }, bottom_right: { lat: south, lon: east } } } });
  }
  if (query.polygon)
    filter.push({ geo_shape: { point: { shape: { type: 'polygon', coordinates: [query.polygon] }, relation: 'intersects' } } });

  const bool: estypes.QueryDslBoolQuery = { filter };
  if (query.q !== null) {
    bool.should = [
      {
        multi_match: {
          query: query.q,
          type: 'cross_fields',
          operator: 'and',
          fields: ['names^3', 'name_fr^3', 'name_nl^3', 'keywords_fr^2', 'keywords_nl^2', 'text_fr', 'text_nl'],
        },
      },
      // Typo tolerance, on names and keywords only: fuzzy descriptions match too much.
      {
        multi_match: {
          query: query.q,
          type: 'best_fields',
          operator: 'and',
          fuzziness: 'AUTO',
          prefix_length: 1,
          fields: ['names^2', 'name_fr^2', 'name_nl^2', 'keywords_fr', 'keywords_nl'],
        },
      },
    ];
    bool.minimum_should_match = 1;
  }

  return {
    index,
    query: { bool },
    sort: sortOf(query),
    from: (query.page - 1) * query.size,
    size: query.size,
    track_total_hits: true,
    _source: HIT_SOURCE_FIELDS,
    aggregations: Object.fromEntries(
      FACETS.map((facet): [string, estypes.AggregationsAggregationContainer] => [
        facet,
        { terms: { field: FACET_FIELDS[facet], size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } },
      ]),
    ),
  };
}

function sortOf(query: SearchQuery): estypes.SortCombinations[] {
  // A unique tie-breaker keeps paging stable.
  const byId: estypes.SortCombinations = { id: { order: 'asc' } };
  if (query.sort === 'distance' && query.near) {
    return [
      { _geo_distance: { point: { lat: query.near.lat, lon: query.near.lon }, order: 'asc', unit: 'm', distance_type: 'arc' } },
      byId,
    ];
  }
  if (query.sort === 'name') return [{ [`name_${query.lang}.sort`]: { order: 'asc' } }, byId];
  return [{ _score: { order: 'desc' } }, byId];
}

/** Great-circle distance in metres (haversine), as the PostgreSQL engine computes it. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Facet buckets: count descending, then key ascending, compared as the PostgreSQL engine does. */
function facetBuckets(aggregate: FacetAggregate | undefined): Array<{ key: string; count: number }> {
  if (!aggregate) return [];
  const buckets = Array.isArray(aggregate.buckets) ? aggregate.buckets : Object.values(aggregate.buckets);
  return buckets
    .map((bucket) => ({ key: String(bucket.key), count: bucket.doc_count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function errorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body: unknown = error.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const cause: unknown = body.error;
  return typeof cause === 'object' && cause !== null && 'type' in cause && typeof cause.type === 'string' ? cause.type : undefined;
}

const isIndexNotFound = (error: unknown) =>
  error instanceof errors.ResponseError && error.statusCode === 404 && errorType(error) === 'index_not_found_exception';

/** Every facet of `FACETS`, even those without buckets. */
const facetsOf = (buckets: (facet: Facet) => Array<{ key: string; count: number }>) =>
  Object.fromEntries(FACETS.map((facet) => [facet, buckets(facet)])) as SearchResult['facets'];

const emptyResult = (): SearchResult => ({ total: 0, hits: [], facets: facetsOf(() => []) });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The Elasticsearch adapter of the search engine port. Each generation is an index
 * `${prefix}-g${n}`; the read alias `${prefix}` and the write alias `${prefix}-write` name the
 * active one and move together in one atomic alias update (zero-downtime swap). Transport errors
 * (cluster unreachable, timeout) propagate as the client's errors.
 */
export class ElasticsearchSearchEngine implements SearchEngine {
  readonly kind = 'elasticsearch' as const;
  private readonly client: Client;
  private readonly prefix: string;
  private readonly readAlias: string;
  private readonly writeAlias: string;
  private readonly sizing: { shards?: number; replicas?: number };
  private readonly generationName: RegExp;
  private activeCache: { index: string | null; at: number } | null = null;

  constructor(options: ElasticsearchSearchEngineOptions) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(options.indexPrefix))
      throw new RangeError(`indexPrefix must be a lowercase index name, got "${options.indexPrefix}"`);
    this.client = new Client({
      node: options.node,
      ...(options.apiKey ? { auth: { apiKey: options.apiKey } } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeout: options.requestTimeoutMs } : {}),
    });
    this.prefix = options.indexPrefix;
    this.readAlias = options.indexPrefix;
    this.writeAlias = `${options.indexPrefix}-write`;
    this.sizing = {
      ...(options.shards !== undefined ? { shards: options.shards } : {}),
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
    };
    this.generationName = new RegExp(`^${escapeRegExp(options.indexPrefix)}-g\\d+$`);
  }

  async warm(_generation: number): Promise<void> {
    // Elasticsearch keeps its own caches warm.
  }

  async prepare(generation: number): Promise<void> {
    // Every prepare refreshes the template, so a new generation gets the current mapping.
    await this.client.indices.putIndexTemplate(indexTemplate(this.prefix, this.sizing));
    try {
      await this.client.indices.create({ index: this.indexOf(generation) });
    } catch (error) {
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
    }
  }

  async activate(generation: number): Promise<void> {
    const target = this.indexOf(generation);
    const actions: estypes.IndicesUpdateAliasesAction[] = [];
    for (const { index, aliases } of await this.aliasHolders()) {
      if (index === target) continue;
      if (aliases.includes(this.readAlias)) actions.push({ remove: { index, alias: this.readAlias } });
      if (aliases.includes(this.writeAlias)) actions.push({ remove: { index, alias: this.writeAlias } });
    }
    actions.push({ add: { index: target, alias: this.readAlias } }, { add: { index: target, alias: this.writeAlias } });
    // One request: Elasticsearch applies all actions atomically, readers never see no alias.
    await this.client.indices.updateAliases({ actions });
    this.activeCache = { index: target, at: Date.now() };
  }

  async drop(generation: number): Promise<void> {
    const index = this.indexOf(generation);
    try {
      await this.client.indices.delete({ index });
    } catch (error) {
      if (!isIndexNotFound(error)) throw error;
    }
    if (this.activeCache?.index === index) this.activeCache = null;
  }

  async index(generation: number, documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const index = await this.target(generation, this.writeAlias);
    for (let start = 0; start < documents.length; start += BULK_CHUNK) {
      const operations: Array<estypes.BulkOperationContainer | ElasticsearchSource> = documents
        .slice(start, start + BULK_CHUNK)
        .flatMap((doc) => [{ index: { _id: doc.id, version: doc.version, version_type: 'external' } }, toSource(doc)]);
      await this.bulk(index, operations, 'index');
    }
  }

  async remove(generation: number, removals: readonly Removal[]): Promise<void> {
    if (removals.length === 0) return;
    const index = await this.target(generation, this.writeAlias);
    for (let start = 0; start < removals.length; start += BULK_CHUNK) {
      const operations: estypes.BulkOperationContainer[] = removals
        .slice(start, start + BULK_CHUNK)
        .map((removal) => ({ delete: { _id: removal.id, version: removal.version, version_type: 'external' } }));
      await this.bulk(index, operations, 'delete');
    }
  }

  async refresh(generation: number): Promise<void> {
    try {
      await this.client.indices.refresh({ index: this.indexOf(generation) });
    } catch (error) {
      // Like PostgreSQL's no-op: nothing to make visible in a generation that does not exist.
      if (!isIndexNotFound(error)) throw error;
    }
  }

  async search(generation: number, query: SearchQuery): Promise<SearchResult> {
    const index = await this.target(generation, this.readAlias);
    let response: estypes.SearchResponse<HitSource, Partial<Record<Facet, FacetAggregate>>>;
    try {
      response = await this.client.search<HitSource, Partial<Record<Facet, FacetAggregate>>>(searchRequest(index, query));
    } catch (error) {
      // A generation that does not exist (dropped, never prepared) answers as an empty one, as on PostgreSQL.
      if (isIndexNotFound(error)) return emptyResult();
      throw error;
    }
    const byDistance = query.sort === 'distance' && query.near !== null;
    const hits = response.hits.hits.map((hit): SearchHit => {
      const source = hit._source!;
      let distance: number | null = null;
      if (query.near) {
        const sortValue = byDistance ? hit.sort?.[0] : undefined;
        // The sort value is the distance Elasticsearch computed; otherwise compute it here.
        const metres = typeof sortValue === 'number' ? sortValue : source.point ? distanceM(query.near, source.point) : null;
        // Whole metres, as the PostgreSQL engine answers.
        distance = metres === null ? null : Math.round(metres);
      }
      return {
        id: source.id,
        kind: source.kind,
        entityId: source.entity_id,
        score: hit._score ?? 0,
        distanceM: distance,
        point: source.point ? { lat: source.point.lat, lon: source.point.lon } : null,
        display: source.display,
      };
    });
    const total = response.hits.total;
    const aggregations = response.aggregations ?? {};
    return {
      total: typeof total === 'number' ? total : (total?.value ?? hits.length),
      hits,
      facets: facetsOf((facet) => facetBuckets(aggregations[facet])),
    };
  }

  async count(generation: number): Promise<number> {
    try {
      const response = await this.client.count({ index: await this.target(generation, this.readAlias) });
      return response.count;
    } catch (error) {
      if (isIndexNotFound(error)) return 0;
      throw error;
    }
  }

  async health(): Promise<HealthReport> {
    try {
      const response = await this.client.cluster.health({}, { requestTimeout: 5_000, maxRetries: 0 });
      const cluster = response.status.toLowerCase();
      return { status: cluster === 'green' || cluster === 'yellow' ? 'up' : 'down', details: { engine: 'elasticsearch', cluster } };
    } catch (error) {
      return { status: 'down', details: { engine: 'elasticsearch', error: error instanceof Error ? error.message : String(error) } };
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private indexOf(generation: number): string {
    if (!Number.isInteger(generation) || generation < 0)
      throw new RangeError(`generation must be a non-negative integer, got ${generation}`);
    return `${this.prefix}-g${generation}`;
  }

  /** The alias when `generation` is the active one (so writes and reads follow a swap), else its own index. */
  private async target(generation: number, alias: string): Promise<string> {
    const index = this.indexOf(generation);
    return (await this.activeIndex()) === index ? alias : index;
  }

  private async activeIndex(): Promise<string | null> {
    if (this.activeCache && Date.now() - this.activeCache.at < ALIAS_CACHE_MS) return this.activeCache.index;
    const holder = (await this.aliasHolders()).find(({ aliases }) => aliases.includes(this.writeAlias));
    this.activeCache = { index: holder?.index ?? null, at: Date.now() };
    return this.activeCache.index;
  }

  /** Generations of this prefix with their aliases; one call, no 404 when there is none. */
  private async aliasHolders(): Promise<Array<{ index: string; aliases: string[] }>> {
    let response: estypes.IndicesGetAliasResponse;
    try {
      response = await this.client.indices.getAlias({ index: `${this.prefix}-g*` });
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return [];
      throw error;
    }
    return Object.entries(response)
      .filter(([index]) => this.generationName.test(index))
      .map(([index, entry]) => ({ index, aliases: Object.keys(entry.aliases ?? {}) }));
  }

  private async bulk(index: string, operations: estypes.BulkRequest['operations'], action: 'index' | 'delete'): Promise<void> {
    const response = await this.client.bulk({ index, operations });
    if (!response.errors) return;
    const failures: string[] = [];
    for (const item of response.items) {
      const result = item[action];
      if (!result?.error) continue;
      // A newer version is already stored (or was deleted): this write is stale, by design a no-op.
      if (result.status === 409 && result.error.type === 'version_conflict_engine_exception') continue;
      if (action === 'delete' && result.status === 404 && result.error.type !== 'index_not_found_exception') continue;
      failures.push(`${result._id ?? '?'}: ${result.error.type}: ${result.error.reason ?? ''}`);
    }
    if (failures.length > 0) {
      throw new Error(
        `Elasticsearch ${action} into ${index} failed for ${failures.length} document(s): ${failures.slice(0, 5).join('; ')}`,
      );
    }
  }
}
