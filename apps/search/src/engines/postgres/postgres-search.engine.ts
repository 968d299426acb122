import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { HealthReport } from '@care/kernel';
import type { Removal, SearchDocument, SearchEngine, SearchQuery, SearchResult } from '@care/search-domain';
import { DocumentReplica, type ReplicaRow } from './document-replica.js';
import { parseTsquery, queryOperands, type TsQuery } from './text-search.js';

const DOCUMENT_COLUMNS = `generation, doc_id, version, kind, entity_id, name_fr, name_nl, tsv, fuzzy, labels, phrase_keys, profession_keys, postcode, municipality, stat_sector, district,
  sector_ids, rubrique_ids, category_ids, agrement_type_ids, authority_ids, languages, offer_kind, target_publics, profession, convention,
  accepting_patients, open_ranges, display, lat, lon`;

/** What the replica holds of a document (`ReplicaRow`). */
const REPLICA_COLUMNS = `doc_id, version::text as version, kind, entity_id, tsv::text as tsv, lat, lon, municipality, stat_sector, district,
  sector_ids, rubrique_ids, category_ids, agrement_type_ids, authority_ids, languages, offer_kind, target_publics, profession, convention,
  accepting_patients, phrase_keys, profession_keys,
  array(select (extract(epoch from b) * 1000)::float8 from unnest(open_ranges) with ordinality r(range, n), lateral (values (1, lower(range)), (2, upper(range))) v(k, b) order by n, k) as open_ms,
  display::text as display, search.fold(name_fr) as sort_fr, search.fold(name_nl) as sort_nl`;

/** Document changes, delivered at commit to every engine instance (payload: generation, origin, ids). */
const CHANNEL = 'care_search_documents';
/** Notification payloads stay under PostgreSQL's 8,000 bytes. */
const NOTIFY_BYTES = 7_000;
/** Safety net for a notification missed while the listening connection was down. */
const RESYNC_MS = 60_000;

/** A query's text as the engine matches it, computed once per distinct text (see `analyse`). */
export interface AnalysedText {
  /** French, Dutch and language-neutral tsquery, OR-ed (text form; '' when only stop words). */
  tsquery: string;
  /** Phrase keys of the whole text in French and Dutch (a query equal to a category name or a profession). */
  phraseKeys: string[];
  /** Lower case, accents folded: what typo tolerance compares. */
  folded: string;
}

interface Analysis extends AnalysedText {
  parsed: TsQuery | null;
  operands: string[];
}

/** Distinct query texts whose analysis is kept (analysis depends only on the text and the migrations). */
const ANALYSIS_CACHE_SIZE = 10_000;

interface Notice {
  g: number;
  o: string;
  ids?: string[];
  dropped?: true;
}

/** A generation held in memory, and its changes waiting to be read from the database (applied one batch at a time, in order). */
interface Held {
  replica: DocumentReplica;
  ready: Promise<void>;
  queue: Promise<void>;
}

/**
 * The default search engine: the search database itself. Documents are stored in
 * `search.document` with their French, Dutch and language-neutral tsvectors (text search
 * configurations `search.care_fr` / `care_nl`, accents folded) and every filter column. Queries
 * are answered from an in-process replica of a generation (`DocumentReplica`: PostgreSQL's `@@`
 * and `ts_rank` semantics over its lexemes, filters, areas, opening times, facets, order), loaded
 * once and kept in step by notifications delivered at commit (ADR 0011). PostgreSQL analyses the
 * query texts and finds the similar documents of the typo-tolerant pass (trigram word similarity).
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** Who wrote a change: an instance applies its own writes at once and skips their notifications. */
  private readonly origin = randomUUID();
  private readonly held = new Map<number, Held>();
  private listener: Promise<pg.Client> | undefined;
  private resync: NodeJS.Timeout | undefined;
  private closed = false;
  /** A first generation is in memory: until then the instance cannot answer quickly (health: down). */
  private warmed = false;

  constructor(
    private readonly databaseUrl: string,
    poolMax = 8,
  ) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolMax,
      application_name: 'care-search-engine',
      // Typo tolerance: "apoteek" (0.55 against "apotheek") is still a match.
      // No JIT: these statements run in milliseconds, compiling them would cost more than it saves.
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
    await this.pool.query(`select pg_notify($1, $2)`, [CHANNEL, JSON.stringify({ g, o: this.origin, dropped: true } satisfies Notice)]);
    this.held.delete(g);
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
    }));
    const g = generationNumber(generation);
    await this.write(
      g,
      documents.map((d) => d.id),
      async (client) => {
        // Names weigh most, then category labels and keywords, then descriptions; each language with its stemmer.
        await client.query(
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
             r.postcode, r.municipality, r.stat_sector, r.district, r.sector_ids, r.rubrique_ids, r.category_ids, r.agrement_type_ids,
             r.authority_ids, r.languages, r.offer_kind, r.target_publics, r.profession, r.convention, r.accepting_patients,
             r.open_ranges::tstzmultirange, r.display, r.lat, r.lon
           from jsonb_to_recordset($2::jsonb) as r(doc_id text, version bigint, kind text, entity_id text, name_fr text, name_nl text, alt text, labels text, phrases_fr jsonb, phrases_nl jsonb, profession_fr text, profession_nl text,
             keywords_fr text, keywords_nl text, text_fr text, text_nl text, lon float8, lat float8, postcode text, municipality text,
             stat_sector text, district text, sector_ids int[], rubrique_ids int[], category_ids int[], agrement_type_ids text[],
             authority_ids text[], languages text[], offer_kind text, target_publics text[], profession text, convention text,
             accepting_patients boolean, open_ranges text, display jsonb)
           where not exists (select 1 from search.document_removed x where x.generation = $1 and x.doc_id = r.doc_id and x.version >= r.version)
           on conflict (generation, doc_id) do update set
             version = excluded.version, kind = excluded.kind, entity_id = excluded.entity_id, name_fr = excluded.name_fr, name_nl = excluded.name_nl,
             tsv = excluded.tsv, fuzzy = excluded.fuzzy, labels = excluded.labels, phrase_keys = excluded.phrase_keys, profession_keys = excluded.profession_keys, postcode = excluded.postcode, municipality = excluded.municipality,
             stat_sector = excluded.stat_sector, district = excluded.district, sector_ids = excluded.sector_ids, rubrique_ids = excluded.rubrique_ids,
             category_ids = excluded.category_ids, agrement_type_ids = excluded.agrement_type_ids, authority_ids = excluded.authority_ids,
             languages = excluded.languages, offer_kind = excluded.offer_kind, target_publics = excluded.target_publics, profession = excluded.profession,
             convention = excluded.convention, accepting_patients = excluded.accepting_patients, open_ranges = excluded.open_ranges, display = excluded.display,
             lat = excluded.lat, lon = excluded.lon
           where search.document.version < excluded.version`,
          [g, JSON.stringify(rows)],
        );
      },
    );
  }

  async remove(generation: number, removals: readonly Removal[]): Promise<void> {
    if (removals.length === 0) return;
    const g = generationNumber(generation);
    const ids = removals.map((r) => r.id);
    const versions = removals.map((r) => r.version);
    await this.write(g, ids, async (client) => {
      await client.query(
        `insert into search.document_removed (generation, doc_id, version) select $1, id, v from unnest($2::text[], $3::bigint[]) as r(id, v)
         on conflict (generation, doc_id) do update set version = greatest(search.document_removed.version, excluded.version)`,
        [g, ids, versions],
      );
      await client.query(`delete from search.document d using unnest($2::text[], $3::bigint[]) as r(id, v) where d.generation = $1 and d.doc_id = r.id and d.version < r.v`, [g, ids, versions]);
    });
  }

  /**
   * One transaction: the change, and the notification every instance's replica follows (sent at
   * commit). This instance's replica reads the rows at once, so a search after a write sees it.
   */
  private async write(generation: number, ids: readonly string[], change: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await change(client);
      for (const chunk of chunks(ids, NOTIFY_BYTES)) await client.query(`select pg_notify($1, $2)`, [CHANNEL, JSON.stringify({ g: generation, o: this.origin, ids: chunk } satisfies Notice)]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const held = this.held.get(generation);
    if (held) await this.follow(generation, held, ids);
  }

  async refresh(generation: number): Promise<void> {
    // This instance's writes are in its replica already (`write`); others follow the notifications.
    await this.held.get(generationNumber(generation))?.queue;
  }

  async count(generation: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`select count(*) as n from search.document where generation = $1`, [generationNumber(generation)]);
    return Number(rows[0]!.n);
  }

  /**
   * Exact words first (stemmed, accents folded); only when the words occur in no document at all
   * (whatever the filters), the documents whose names or categories are similar enough (trigram
   * word similarity: typo tolerance), filtered the same way. Correct words that the filters
   * exclude are not fuzzed.
   */
  async search(generation: number, query: SearchQuery): Promise<SearchResult> {
    const g = generationNumber(generation);
    const replica = await this.replica(g);
    if (!query.q) return replica.search(query, null).result;
    const text = await this.analyse(query.q);
    const strict = replica.search(query, { mode: 'exact', tsquery: text.parsed, operands: text.operands, phraseKeys: text.phraseKeys });
    if (strict.result.total > 0 || strict.textMatches) return strict.result;
    return replica.search(query, { mode: 'similar', scores: await this.similar(g, text.folded) }).result;
  }

  private readonly analysed = new Map<string, Analysis>();

  /**
   * The tsquery, phrase keys and folded form of a query text, computed by PostgreSQL (the same
   * dictionaries as the documents) once per distinct text.
   */
  async analyse(q: string): Promise<Analysis> {
    const known = this.analysed.get(q);
    if (known) return known;
    const { rows } = await this.pool.query<AnalysedText>(
      // The three analyses often agree ("medecin" thrice): each distinct one once.
      `select coalesce((select string_agg('(' || t || ')', ' | ') from (select distinct t from unnest(array[websearch_to_tsquery('search.care_fr', $1)::text,
           search.nl_query($1)::text, websearch_to_tsquery('search.care_simple', $1)::text]) t where t <> '') s), '') as tsquery,
         array[search.phrase_key_fr($1), search.phrase_key_nl($1)] as "phraseKeys", search.fold($1) as folded`,
      [q],
    );
    const parsed = parseTsquery(rows[0]!.tsquery);
    const analysis: Analysis = { ...rows[0]!, parsed, operands: parsed ? queryOperands(parsed) : [] };
    if (this.analysed.size >= ANALYSIS_CACHE_SIZE) this.analysed.delete(this.analysed.keys().next().value!);
    this.analysed.set(q, analysis);
    return analysis;
  }

  /** Documents whose names or categories are similar to the folded text, with their similarity. */
  private async similar(generation: number, folded: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ doc_id: string; score: number }>(
      `select doc_id, (word_similarity($2, fuzzy) + 0.5 * word_similarity($2, labels))::float8 as score
       from search.document where generation = $1 and $2 <% fuzzy`,
      [generation, folded],
    );
    return new Map(rows.map((r) => [r.doc_id, r.score]));
  }

  // ---- the replica ---------------------------------------------------------------------------

  async warm(generation: number): Promise<void> {
    await this.replica(generationNumber(generation));
  }

  /** The in-memory copy of a generation, loaded on first use. */
  private async replica(generation: number): Promise<DocumentReplica> {
    let held = this.held.get(generation);
    if (!held) {
      const replica = new DocumentReplica();
      // Listening first: a change committed while the snapshot loads is read again afterwards.
      const ready = this.listen()
        .then(() => this.load(generation, replica))
        .then(() => {
          this.warmed = true;
        });
      const created: Held = { replica, ready, queue: ready };
      this.held.set(generation, created);
      ready.catch(() => {
        if (this.held.get(generation) === created) this.held.delete(generation);
      });
      held = created;
    }
    await held.ready;
    return held.replica;
  }

  private async load(generation: number, replica: DocumentReplica): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      await client.query(`declare replica_load no scroll cursor for select ${REPLICA_COLUMNS} from search.document where generation = $1`, [generation]);
      for (;;) {
        const { rows } = await client.query<ReplicaRow>('fetch forward 2000 from replica_load');
        for (const row of rows) replica.apply(row);
        if (rows.length < 2_000) break;
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Reads the current rows of these documents into the replica, after the reads queued before. */
  private follow(generation: number, held: Held, ids: readonly string[]): Promise<void> {
    held.queue = held.queue
      .then(async () => {
        const { rows } = await this.pool.query<ReplicaRow>(`select ${REPLICA_COLUMNS} from search.document where generation = $1 and doc_id = any($2::text[])`, [generation, ids]);
        const present = new Set(rows.map((r) => r.doc_id));
        for (const row of rows) held.replica.apply(row);
        for (const id of ids) if (!present.has(id)) held.replica.remove(id);
      })
      // A failed read leaves the replica behind until the next resynchronisation, not the queue broken.
      .catch(() => undefined);
    return held.queue;
  }

  /** Compares every held replica with its table (ids and versions) and reads what differs. */
  private async resynchronise(): Promise<void> {
    for (const [generation, held] of this.held) {
      await held.ready;
      const { rows } = await this.pool.query<{ doc_id: string; version: string }>(`select doc_id, version::text as version from search.document where generation = $1`, [generation]);
      const present = new Set(rows.map((r) => r.doc_id));
      const differing = rows.filter((r) => held.replica.version(r.doc_id) !== Number(r.version)).map((r) => r.doc_id);
      for (const [docId] of held.replica.entries()) if (!present.has(docId)) differing.push(docId);
      for (let i = 0; i < differing.length; i += 1_000) await this.follow(generation, held, differing.slice(i, i + 1_000));
    }
  }

  private listen(): Promise<pg.Client> {
    const listening = (this.listener ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'care-search-replica' });
      client.on('notification', (message) => {
        const notice = JSON.parse(message.payload ?? '{}') as Notice;
        if (notice.o === this.origin) return;
        if (notice.dropped) {
          this.held.delete(notice.g);
          return;
        }
        const held = this.held.get(notice.g);
        if (held && notice.ids) void this.follow(notice.g, held, notice.ids);
        // A newer generation being written (a rebuild): held from now on, so that its swap finds it in memory.
        else if (notice.ids && this.held.size > 0 && notice.g > Math.max(...this.held.keys())) void this.replica(notice.g).catch(() => undefined);
      });
      client.on('error', () => {
        // Notifications may have been missed: listen again, then compare the replicas with their tables.
        this.listener = undefined;
        if (!this.closed) setTimeout(() => void this.listen().then(() => this.resynchronise()).catch(() => undefined), 1_000).unref();
      });
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.resync ??= setInterval(() => void this.resynchronise().catch(() => undefined), RESYNC_MS).unref();
      return client;
    })());
    listening.catch(() => {
      if (this.listener === listening) this.listener = undefined;
    });
    return listening;
  }

  async health(): Promise<HealthReport> {
    try {
      await this.pool.query('select 1');
      const details = { engine: 'postgres', documentsInMemory: Object.fromEntries([...this.held].map(([g, h]) => [g, h.replica.size])) };
      return { status: this.warmed || this.held.size === 0 ? 'up' : 'down', details: this.warmed || this.held.size === 0 ? details : { ...details, loading: true } };
    } catch (error) {
      return { status: 'down', details: { engine: 'postgres', error: (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.resync);
    const listener = await this.listener?.catch(() => undefined);
    await listener?.end().catch(() => undefined);
    await Promise.all([...this.held.values()].map((h) => h.queue));
    await this.pool.end();
  }
}

function generationNumber(generation: number): number {
  if (!Number.isInteger(generation) || generation < 1) throw new Error(`invalid generation ${generation}`);
  return generation;
}

/** Ids in groups whose JSON stays under `bytes`. */
function chunks(ids: readonly string[], bytes: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const id of ids) {
    if (current.length > 0 && size + id.length + 3 > bytes) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(id);
    size += id.length + 3;
  }
  if (current.length > 0) out.push(current);
  return out;
}
