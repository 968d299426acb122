import pg from 'pg';
import type { HealthReport } from '@care/kernel';
import { FACETS, type Facet, type Removal, type SearchDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from '@care/search-domain';

/** Values per facet in an answer (the 700 categories would otherwise all come back). */
export const FACET_VALUES_CAP = 200;

const DOCUMENT_COLUMNS = `generation, doc_id, version, kind, entity_id, name_fr, name_nl, tsv, fuzzy, labels, phrase_keys, profession_keys, pt, postcode, municipality, stat_sector, district,
  sector_ids, rubrique_ids, category_ids, agrement_type_ids, authority_ids, languages, offer_kind, target_publics, profession, convention,
  accepting_patients, open_ranges, display, lat, lon, facet_ids`;

/** A query's text as the engine matches it, computed once per distinct text (see `analyse`). */
export interface AnalysedText {
  /** French, Dutch and language-neutral tsquery, OR-ed (text form; '' when only stop words). */
  tsquery: string;
  /** Phrase keys of the whole text in French and Dutch (a query equal to a category name or a profession). */
  phraseKeys: string[];
  /** Lower case, accents folded: what typo tolerance compares. */
  folded: string;
}

/** Distinct query texts whose analysis is kept (analysis depends only on the text and the migrations). */
const ANALYSIS_CACHE_SIZE = 10_000;

/**
 * The default search engine: the search database itself. French and Dutch stemming with accents
 * folded (text search configurations `search.care_fr` / `care_nl`), typo tolerance by trigram word
 * similarity on names and category labels, points in a GiST index, opening intervals as
 * multiranges, facet counts in the same snapshot as the hits.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, poolMax = 8) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolMax,
      application_name: 'care-search-engine',
      // Typo tolerance: "apoteek" (0.55 against "apotheek") is still a match.
      // No JIT: these statements run in milliseconds, compiling them would cost more than it saves.
      // Nor parallel workers: starting them costs more than these queries, and concurrent queries already use every core.
      options: '-c pg_trgm.word_similarity_threshold=0.5 -c jit=off -c max_parallel_workers_per_gather=0',
    });
    this.pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
  }

  async prepare(generation: number): Promise<void> {
    const g = generationNumber(generation);
    await this.pool.query(`create table if not exists search.document_g${g} partition of search.document for values in (${g})`);
  }

  async activate(_generation: number): Promise<void> {
    // Queries name their generation; the generation table (search database) records the active one.
  }

  async drop(generation: number): Promise<void> {
    const g = generationNumber(generation);
    await this.pool.query(`drop table if exists search.document_g${g}`);
    await this.pool.query(`delete from search.document_removed where generation = $1`, [g]);
    await this.pool.query(`delete from search.facet_value where generation = $1`, [g]);
  }

  async index(generation: number, documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const rows = documents.map((d) => ({
      doc_id: d.id,
      version: d.version,
      kind: d.kind,
      entity_id: d.entityId,
      name_fr: d.name.fr,
      name_nl: d.name.nl,
      alt: d.altNames.join(' \n'),
      // Typo tolerance looks at what people name: the service or person, its categories, the profession.
      labels: [...d.display.categories.flatMap((c) => [c.name.fr, c.name.nl]), d.display.profession?.fr, d.display.profession?.nl].filter(Boolean).join(' '),
      // Category names and keywords, agrément types, profession: each one a phrase a query may equal.
      phrases_fr: d.keywords.fr.split('\n').map((k) => k.trim()).filter(Boolean),
      phrases_nl: d.keywords.nl.split('\n').map((k) => k.trim()).filter(Boolean),
      profession_fr: d.display.profession?.fr ?? null,
      profession_nl: d.display.profession?.nl ?? null,
      keywords_fr: d.keywords.fr,
      keywords_nl: d.keywords.nl,
      text_fr: d.text.fr,
      text_nl: d.text.nl,
      lon: d.point?.lon ?? null,
      lat: d.point?.lat ?? null,
      postcode: d.postcode,
      municipality: d.municipality,
      stat_sector: d.statSector,
      district: d.district,
      sector_ids: d.sectorIds,
      rubrique_ids: d.rubriqueIds,
      category_ids: d.categoryIds,
      agrement_type_ids: d.agrementTypeIds,
      authority_ids: d.authorityIds,
      languages: d.languages,
      offer_kind: d.offerKind,
      target_publics: d.targetPublics,
      profession: d.profession,
      convention: d.convention,
      accepting_patients: d.acceptingPatients,
      open_ranges: `{${d.openIntervals.map((i) => `[${i.start},${i.end})`).join(',')}}`,
      display: d.display,
      facets: facetPairs(d),
    }));
    const g = generationNumber(generation);
    // Facet values get their integer ids first (new ones are rare: a new category, municipality…).
    await this.pool.query(
      `insert into search.facet_value (generation, facet, key)
       select distinct $1::int, f.facet, f.key from jsonb_to_recordset($2::jsonb) as f(facet text, key text)
       where not exists (select 1 from search.facet_value v where v.generation = $1 and v.facet = f.facet and v.key = f.key)
       on conflict do nothing`,
      [g, JSON.stringify([...new Map(rows.flatMap((r) => r.facets).map((f) => [`${f.facet}\u0000${f.key}`, f])).values()])],
    );
    // Names weigh most, then category labels and keywords, then descriptions; each language with its stemmer.
    await this.pool.query(
      `insert into search.document (${DOCUMENT_COLUMNS})
       select $1, r.doc_id, r.version, r.kind, r.entity_id, r.name_fr, r.name_nl,
         setweight(to_tsvector('search.care_simple', r.name_fr || ' ' || r.name_nl || ' ' || r.alt), 'A')
           || setweight(to_tsvector('search.care_fr', r.name_fr), 'A') || setweight(search.nl_vector(r.name_nl), 'A')
           || setweight(to_tsvector('search.care_fr', r.keywords_fr), 'B') || setweight(search.nl_vector(r.keywords_nl), 'B')
           || setweight(to_tsvector('search.care_fr', r.text_fr), 'C') || setweight(search.nl_vector(r.text_nl), 'C'),
         search.fold(r.name_fr || ' ' || r.name_nl || ' ' || r.alt || ' ' || r.labels), search.fold(r.labels),
         array(select distinct k from (select search.phrase_key_fr(x) as k from jsonb_array_elements_text(r.phrases_fr) x
           union select search.phrase_key_nl(x) from jsonb_array_elements_text(r.phrases_nl) x) t where k <> ''),
         array(select distinct k from (select search.phrase_key_fr(r.profession_fr) as k union select search.phrase_key_nl(r.profession_nl)) t where k <> ''),
         case when r.lon is null then null else point(r.lon, r.lat) end,
         r.postcode, r.municipality, r.stat_sector, r.district, r.sector_ids, r.rubrique_ids, r.category_ids, r.agrement_type_ids,
         r.authority_ids, r.languages, r.offer_kind, r.target_publics, r.profession, r.convention, r.accepting_patients,
         r.open_ranges::tstzmultirange, r.display, r.lat, r.lon,
         array(select v.id from jsonb_to_recordset(r.facets) f(facet text, key text) join search.facet_value v on v.generation = $1 and v.facet = f.facet and v.key = f.key order by v.id)
       from jsonb_to_recordset($2::jsonb) as r(doc_id text, version bigint, kind text, entity_id text, name_fr text, name_nl text, alt text, labels text, phrases_fr jsonb, phrases_nl jsonb, profession_fr text, profession_nl text,
         keywords_fr text, keywords_nl text, text_fr text, text_nl text, lon float8, lat float8, postcode text, municipality text,
         stat_sector text, district text, sector_ids int[], rubrique_ids int[], category_ids int[], agrement_type_ids text[],
         authority_ids text[], languages text[], offer_kind text, target_publics text[], profession text, convention text,
         accepting_patients boolean, open_ranges text, display jsonb, facets jsonb)
       where not exists (select 1 from search.document_removed x where x.generation = $1 and x.doc_id = r.doc_id and x.version >= r.version)
       on conflict (generation, doc_id) do update set
         version = excluded.version, kind = excluded.kind, entity_id = excluded.entity_id, name_fr = excluded.name_fr, name_nl = excluded.name_nl,
         tsv = excluded.tsv, fuzzy = excluded.fuzzy, labels = excluded.labels, phrase_keys = excluded.phrase_keys, profession_keys = excluded.profession_keys, pt = excluded.pt, postcode = excluded.postcode, municipality = excluded.municipality,
         stat_sector = excluded.stat_sector, district = excluded.district, sector_ids = excluded.sector_ids, rubrique_ids = excluded.rubrique_ids,
         category_ids = excluded.category_ids, agrement_type_ids = excluded.agrement_type_ids, authority_ids = excluded.authority_ids,
         languages = excluded.languages, offer_kind = excluded.offer_kind, target_publics = excluded.target_publics, profession = excluded.profession,
         convention = excluded.convention, accepting_patients = excluded.accepting_patients, open_ranges = excluded.open_ranges, display = excluded.display,
         lat = excluded.lat, lon = excluded.lon, facet_ids = excluded.facet_ids
       where search.document.version < excluded.version`,
      [g, JSON.stringify(rows)],
    );
  }

  async remove(generation: number, removals: readonly Removal[]): Promise<void> {
    if (removals.length === 0) return;
    const g = generationNumber(generation);
    const ids = removals.map((r) => r.id);
    const versions = removals.map((r) => r.version);
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into search.document_removed (generation, doc_id, version) select $1, id, v from unnest($2::text[], $3::bigint[]) as r(id, v)
         on conflict (generation, doc_id) do update set version = greatest(search.document_removed.version, excluded.version)`,
        [g, ids, versions],
      );
      await client.query(`delete from search.document d using unnest($2::text[], $3::bigint[]) as r(id, v) where d.generation = $1 and d.doc_id = r.id and d.version < r.v`, [g, ids, versions]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  async refresh(_generation: number): Promise<void> {
    // Committed rows are visible at once.
  }

  async count(generation: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`select count(*) as n from search.document where generation = $1`, [generationNumber(generation)]);
    return Number(rows[0]!.n);
  }

  /**
   * Exact words first (stemmed, accents folded); only when the words match no document at all
   * (whatever the filters), the same query with typo tolerance (trigram word similarity on names
   * and categories), which costs more. Correct words that the filters exclude are not fuzzed.
   */
  async search(generation: number, query: SearchQuery): Promise<SearchResult> {
    const text = query.q ? await this.analyse(query.q) : null;
    const strict = await this.run(compileQuery(generation, query, text, 'exact'));
    if (strict.result.total > 0 || !text || strict.textMatches) return strict.result;
    return (await this.run(compileQuery(generation, query, text, 'typo-tolerant'))).result;
  }

  private readonly analysed = new Map<string, AnalysedText>();

  /**
   * The tsquery, phrase keys and folded form of a query text, computed by PostgreSQL (the same
   * dictionaries as the documents) once per distinct text: planning the search statement with
   * them as values costs a fraction of planning it with the analysis functions inline.
   */
  async analyse(q: string): Promise<AnalysedText> {
    const known = this.analysed.get(q);
    if (known) return known;
    const { rows } = await this.pool.query<AnalysedText>(
      // The three analyses often agree ("medecin" thrice): each distinct one once, or the planner counts it thrice.
      `select coalesce((select string_agg('(' || t || ')', ' | ') from (select distinct t from unnest(array[websearch_to_tsquery('search.care_fr', $1)::text,
           search.nl_query($1)::text, websearch_to_tsquery('search.care_simple', $1)::text]) t where t <> '') s), '') as tsquery,
         array[search.phrase_key_fr($1), search.phrase_key_nl($1)] as "phraseKeys", search.fold($1) as folded`,
      [q],
    );
    if (this.analysed.size >= ANALYSIS_CACHE_SIZE) this.analysed.delete(this.analysed.keys().next().value!);
    this.analysed.set(q, rows[0]!);
    return rows[0]!;
  }

  private async run(sql: { text: string; params: unknown[] }): Promise<{ result: SearchResult; textMatches: boolean }> {
    const { rows } = await this.pool.query<{ f: string; k: string | null; n: string | null; hit: (Omit<SearchHit, 'distanceM'> & { distance: number | null }) | null }>(sql.text, sql.params);
    const result: SearchResult = { total: 0, hits: [], facets: Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchResult['facets'] };
    const hits: Array<{ ord: number; hit: SearchHit }> = [];
    let textMatches = false;
    for (const row of rows) {
      if (row.f === 'hit') {
        const { distance, ...hit } = row.hit!;
        hits.push({ ord: Number(row.n), hit: { ...hit, score: hit.score ?? 0, distanceM: distance === null ? null : Math.round(distance) } });
      } else if (row.f === 'total') result.total = Number(row.n);
      else if (row.f === 'text') textMatches = row.n === '1';
      else result.facets[row.f as Facet]?.push({ key: row.k!, count: Number(row.n) });
    }
    result.hits = hits.sort((a, b) => a.ord - b.ord).map((h) => h.hit);
    for (const facet of FACETS) {
      result.facets[facet] = result.facets[facet].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, FACET_VALUES_CAP);
    }
    return { result, textMatches };
  }

  async health(): Promise<HealthReport> {
    try {
      await this.pool.query('select 1');
      return { status: 'up', details: { engine: 'postgres' } };
    } catch (error) {
      return { status: 'down', details: { engine: 'postgres', error: (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function generationNumber(generation: number): number {
  if (!Number.isInteger(generation) || generation < 1) throw new Error(`invalid generation ${generation}`);
  return generation;
}

/** Metres per degree of latitude; longitude degrees shrink with the cosine of the latitude. */
const METRES_PER_DEGREE = 111_320;

/** The facet values of a document, as the engine counts them (ids in `search.facet_value`). */
function facetPairs(d: SearchDocument): Array<{ facet: Facet; key: string }> {
  const pairs: Array<{ facet: Facet; key: string }> = [{ facet: 'kind', key: d.kind }];
  const add = (facet: Facet, keys: ReadonlyArray<string | number | null>) => {
    for (const key of new Set(keys)) if (key !== null) pairs.push({ facet, key: String(key) });
  };
  add('sector', d.sectorIds);
  add('category', d.categoryIds);
  add('municipality', [d.municipality]);
  add('language', d.languages);
  add('authority', d.authorityIds);
  add('profession', [d.profession]);
  add('convention', [d.convention]);
  return pairs;
}

/**
 * The SQL of one query, one statement: the matching documents once (with their sort keys and
 * facet value ids), then the requested page joined back to its display data, the total, the
 * facet counts (one pass over the matches) and, for a text query, whether its words occur in
 * any document at all — all from the same snapshot. Every value travels as a parameter (never
 * spliced into the text), so a hostile `q` or filter is just a string that matches nothing.
 */
export function compileQuery(generation: number, query: SearchQuery, analysed: AnalysedText | null, text: 'exact' | 'typo-tolerant' = 'exact'): { text: string; params: unknown[] } {
  const params: unknown[] = [generationNumber(generation)];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['d.generation = $1'];
  let score = '0::float8';
  let textCheck = '';
  if (query.q && analysed) {
    if (text === 'exact') {
      const tsq = `${p(analysed.tsquery)}::tsquery`;
      where.push(`d.tsv @@ ${tsq}`);
      // A query that *is* a category name or keyword, or a profession, ranks what has it first.
      const keys = `${p(analysed.phraseKeys)}::text[]`;
      score = `(ts_rank(d.tsv, ${tsq}) + case when d.phrase_keys && ${keys} then 1 else 0 end + case when d.profession_keys && ${keys} then 1.5 else 0 end)::float8`;
      // Looked up only when nothing matched: then typo tolerance is tried if the words occur nowhere.
      textCheck = `union all select 'text', null, case when exists (select 1 from m) then 1
        else (select count(*) from (select 1 from search.document x where x.generation = $1 and x.tsv @@ ${tsq} limit 1) t) end, null`;
    } else {
      const folded = `${p(analysed.folded)}::text`;
      where.push(`${folded} <% d.fuzzy`);
      score = `(word_similarity(${folded}, d.fuzzy) + 0.5 * word_similarity(${folded}, d.labels))::float8`;
    }
  }
  const anyOf = (column: string, values: readonly unknown[], type: string) => {
    if (values.length > 0) where.push(`d.${column} = any(${p(values)}::${type}[])`);
  };
  const overlaps = (column: string, values: readonly unknown[], type: string) => {
    if (values.length > 0) where.push(`d.${column} && ${p(values)}::${type}[]`);
  };
  anyOf('kind', query.kind, 'text');
  anyOf('municipality', query.municipality, 'text');
  anyOf('stat_sector', query.statSector, 'text');
  anyOf('district', query.district, 'text');
  overlaps('sector_ids', query.sector, 'int');
  overlaps('rubrique_ids', query.rubrique, 'int');
  overlaps('category_ids', query.category, 'int');
  overlaps('agrement_type_ids', query.agrementType, 'text');
  overlaps('authority_ids', query.authority, 'text');
  overlaps('languages', query.language, 'text');
  anyOf('offer_kind', query.offerKind, 'text');
  overlaps('target_publics', query.publicTarget, 'text');
  anyOf('profession', query.profession, 'text');
  anyOf('convention', query.convention, 'text');
  if (query.acceptingPatients !== null) where.push(`d.accepting_patients = ${p(query.acceptingPatients)}`);
  if (query.openAt) where.push(`d.open_ranges @> ${p(query.openAt.toISOString())}::timestamptz`);
  // Areas as latitude/longitude ranges (B-tree, with statistics); a polygon is then tested exactly.
  const within = (south: number, north: number, west: number, east: number) => where.push(`d.lat between ${p(south)} and ${p(north)} and d.lon between ${p(west)} and ${p(east)}`);
  if (query.bbox) within(query.bbox.south, query.bbox.north, query.bbox.west, query.bbox.east);
  if (query.polygon) {
    const lons = query.polygon.map(([lon]) => lon);
    const lats = query.polygon.map(([, lat]) => lat);
    within(Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons));
    where.push(`d.pt <@ ${p(`(${query.polygon.map(([lon, lat]) => `(${lon},${lat})`).join(',')})`)}::polygon`);
  }
  let distance = 'null::float8';
  if (query.near) {
    const { lat, lon, radiusM } = query.near;
    const origin = `point(${p(lon)}, ${p(lat)})`;
    const dLat = radiusM / METRES_PER_DEGREE;
    const dLon = radiusM / (METRES_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    // The box narrows by index; the great-circle distance then trims its corners.
    within(lat - dLat, lat + dLat, lon - dLon, lon + dLon);
    distance = `search.distance_m(d.pt, ${origin})`;
    where.push(`${distance} <= ${p(radiusM)}`);
  }
  const name = query.lang === 'nl' ? 'd.name_nl' : 'd.name_fr';
  const order = query.sort === 'distance' ? `m.distance, m.doc_id` : query.sort === 'name' ? `m.sort_name collate "C", m.doc_id` : `m.score desc, m.doc_id`;
  const limit = p(query.size);
  const offset = p((query.page - 1) * query.size);
  const textSql = `with m as materialized (
      select d.doc_id, d.facet_ids, ${score} as score, ${distance} as distance, ${query.sort === 'name' ? `search.fold(${name})` : 'null::text'} as sort_name
      from search.document d where ${where.join(' and ')}),
    page as (select m.doc_id, m.score, m.distance, m.sort_name from m order by ${order} limit ${limit} offset ${offset})
    select 'hit' as f, null as k, row_number() over (order by ${order.replaceAll('m.', 'page.')}) as n,
      jsonb_build_object('id', d.doc_id, 'kind', d.kind, 'entityId', d.entity_id, 'score', page.score, 'distance', page.distance,
        'point', case when d.lat is null then null else jsonb_build_object('lat', d.lat, 'lon', d.lon) end, 'display', d.display) as hit
      from page join search.document d on d.generation = $1 and d.doc_id = page.doc_id
    union all select 'total', null, count(*), null from m
    union all select v.facet, v.key, c.n, null from (select k, count(*) as n from (select unnest(m.facet_ids) as k from m) u group by k) c
      join search.facet_value v on v.generation = $1 and v.id = c.k
    ${textCheck}`;
  return { text: textSql, params };
}
