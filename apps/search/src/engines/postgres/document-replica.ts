import { geometryFromGeoJson, pointInGeometry } from '@care/geo';
import { FACETS, type Facet, type SearchDisplay, type SearchHit, type SearchQuery, type SearchResult, type DocumentKind } from '@care/search-domain';
import { matches, parseTsvector, tsRank, type LexemeLookup, type TsQuery } from './text-search.js';

/** Values per facet in an answer (the 700 categories would otherwise all come back). */
const FACET_VALUES_CAP = 200;

/** A row of `search.document` as the replica loads it (see REPLICA_COLUMNS in the engine). */
export interface ReplicaRow {
  doc_id: string;
  version: string;
  kind: DocumentKind;
  entity_id: string;
  tsv: string;
  lat: number | null;
  lon: number | null;
  municipality: string | null;
  stat_sector: string | null;
  district: string | null;
  sector_ids: number[];
  rubrique_ids: number[];
  category_ids: number[];
  agrement_type_ids: string[];
  authority_ids: string[];
  languages: string[];
  offer_kind: string | null;
  target_publics: string[];
  profession: string | null;
  convention: string | null;
  accepting_patients: boolean | null;
  phrase_keys: string[];
  profession_keys: string[];
  /** Opening intervals as epoch milliseconds, start and end alternating. */
  open_ms: number[];
  display: string;
  sort_fr: string;
  sort_nl: string;
}

/** A query as the replica evaluates it: text already analysed by PostgreSQL. */
export type ReplicaText =
  | { mode: 'exact'; tsquery: TsQuery | null; operands: string[]; phraseKeys: string[] }
  /** Typo tolerance: the documents PostgreSQL found similar enough, with their similarity. */
  | { mode: 'similar'; scores: ReadonlyMap<string, number> };

/** Filter fields, each a family of tags `field\0value` on the documents. */
const FIELDS = [
  'kind', 'municipality', 'statSector', 'district', 'sector', 'rubrique', 'category', 'agrementType', 'authority', 'language',
  'offerKind', 'publicTarget', 'profession', 'convention', 'accepting', 'phraseKey', 'professionKey',
] as const;
type Field = (typeof FIELDS)[number];

/** The document field behind each facet. */
const FACET_FIELD: Record<Facet, Field> = {
  kind: 'kind', sector: 'sector', category: 'category', municipality: 'municipality', language: 'language', authority: 'authority', profession: 'profession', convention: 'convention',
};

/**
 * Packed per document: `[nTags, filter and facet tags…, nKeys, phrase key tags…, nLexemes,
 * lexemeIds (sorted)…, offsets (nLexemes + 1)…, packed positions…]`. Filters scan the first
 * (short) run only; the phrase keys (a site's category names and keywords) only weigh the rank.
 */
type Pack = Int32Array;

const EMPTY = new Int32Array(0);
const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * One generation of the PostgreSQL engine's documents, held in this process so that queries are
 * evaluated without a round trip per match: text (PostgreSQL's lexemes, `@@` and `ts_rank`
 * semantics), filters, areas, opening times, facets, sorting and paging. PostgreSQL stays the
 * store of record; the engine keeps this copy in step (loaded once, then every change applied).
 */
export class DocumentReplica {
  private readonly ordinals = new Map<string, number>();
  private readonly free: number[] = [];
  private docIds: Array<string | undefined> = [];
  private entityIds: string[] = [];
  private kinds: DocumentKind[] = [];
  private versions: number[] = [];
  private lats: number[] = [];
  private lons: number[] = [];
  private packs: Pack[] = [];
  private opens: Array<Float64Array | null> = [];
  /** UTF-8: half the memory of the two-byte strings French typography gives (’, é…). */
  private displays: Buffer[] = [];
  private sortFr: string[] = [];
  private sortNl: string[] = [];

  /** Interned lexemes, and the documents that had each (possibly stale: checked against the pack). */
  private readonly lexemeIds = new Map<string, number>();
  private postings: number[][] = [];
  private staleAppends = 0;
  private liveAppends = 0;

  /** Interned tags (`field\0value`), with the field and the value of each. */
  private readonly tagIds = new Map<string, number>();
  private tagField: number[] = [];
  private tagValue: string[] = [];

  /** Per-ordinal stamp: deduplicates candidates from several posting lists without a Set. */
  private stamps = new Uint32Array(1024);
  private stamp = 0;

  get size(): number {
    return this.ordinals.size;
  }

  version(docId: string): number | undefined {
    const ordinal = this.ordinals.get(docId);
    return ordinal === undefined ? undefined : this.versions[ordinal];
  }

  /** Every document id with its version (resynchronisation compares them with the database). */
  *entries(): Iterable<[string, number]> {
    for (const [docId, ordinal] of this.ordinals) yield [docId, this.versions[ordinal]!];
  }

  /** Adds or replaces a document; an older version than the one held changes nothing. */
  apply(row: ReplicaRow): void {
    const version = Number(row.version);
    let ordinal = this.ordinals.get(row.doc_id);
    if (ordinal !== undefined && this.versions[ordinal]! >= version) return;
    const previous = ordinal === undefined ? EMPTY : this.packs[ordinal]!;
    if (ordinal === undefined) {
      ordinal = this.free.pop() ?? this.docIds.length;
      this.ordinals.set(row.doc_id, ordinal);
      this.docIds[ordinal] = row.doc_id;
    }
    const vector = parseTsvector(row.tsv);
    const lexemes = vector.lexemes.map((l, i) => ({ id: this.lexemeId(l), positions: vector.positions[i]! })).sort((a, b) => a.id - b.id);
    const { tags, keys } = this.tagsOf(row);
    const positionCount = lexemes.reduce((n, l) => n + l.positions.length, 0);
    const pack = new Int32Array(3 + tags.length + keys.length + lexemes.length * 2 + 1 + positionCount);
    let at = 0;
    pack[at++] = tags.length;
    for (const tag of tags) pack[at++] = tag;
    pack[at++] = keys.length;
    for (const key of keys) pack[at++] = key;
    pack[at++] = lexemes.length;
    for (const l of lexemes) pack[at++] = l.id;
    let offset = 0;
    for (const l of lexemes) {
      pack[at++] = offset;
      offset += l.positions.length;
    }
    pack[at++] = offset;
    for (const l of lexemes) for (const p of l.positions) pack[at++] = p;

    // Posting lists only grow: a document is appended for lexemes it did not have before.
    const before = new Set(lexemeIdsOf(previous));
    for (const l of lexemes) {
      if (before.has(l.id)) continue;
      this.postings[l.id]!.push(ordinal);
      this.liveAppends++;
    }
    this.staleAppends += [...before].filter((id) => !lexemes.some((l) => l.id === id)).length;

    this.entityIds[ordinal] = row.entity_id;
    this.kinds[ordinal] = row.kind;
    this.versions[ordinal] = version;
    this.lats[ordinal] = row.lat ?? NaN;
    this.lons[ordinal] = row.lon ?? NaN;
    this.packs[ordinal] = pack;
    this.opens[ordinal] = row.open_ms.length ? Float64Array.from(row.open_ms) : null;
    this.displays[ordinal] = Buffer.from(row.display);
    this.sortFr[ordinal] = row.sort_fr;
    this.sortNl[ordinal] = row.sort_nl;
    this.compactIfStale();
  }

  /** Forgets a document (its row is gone from the database). */
  remove(docId: string): void {
    const ordinal = this.ordinals.get(docId);
    if (ordinal === undefined) return;
    this.staleAppends += lexemeIdsOf(this.packs[ordinal]!).length;
    this.ordinals.delete(docId);
    this.docIds[ordinal] = undefined;
    this.packs[ordinal] = EMPTY;
    this.opens[ordinal] = null;
    this.displays[ordinal] = EMPTY_BUFFER;
    this.free.push(ordinal);
    this.compactIfStale();
  }

  /**
   * Evaluates a query: text (exact words, or the similar documents of the typo-tolerant pass),
   * every filter, then facets over all matches and the requested page. `textMatches` says whether
   * the exact words occur in any document at all, whatever the filters.
   */
  search(query: SearchQuery, text: ReplicaText | null): { result: SearchResult; textMatches: boolean } {
    const filter = this.compileFilter(query);
    const exact = text?.mode === 'exact' ? text : null;
    const phraseTags = exact ? this.tagSet('phraseKey', exact.phraseKeys) : null;
    const professionTags = exact ? this.tagSet('professionKey', exact.phraseKeys) : null;
    const matched: number[] = [];
    const scores: number[] = [];
    const distances: number[] = [];
    let textMatches = false;

    const consider = (ordinal: number, score: number) => {
      const distance = filter(ordinal);
      if (distance === false) return;
      matched.push(ordinal);
      scores.push(score);
      distances.push(distance);
    };

    if (text?.mode === 'similar') {
      for (const [docId, similarity] of text.scores) {
        const ordinal = this.ordinals.get(docId);
        if (ordinal !== undefined) consider(ordinal, similarity);
      }
    } else if (exact?.tsquery) {
      const tsquery = exact.tsquery;
      const candidates = this.candidates(tsquery);
      const doc = this.lookupFor(exact.operands);
      // Filters first (cheap), then the words, then the rank of what is left.
      for (const ordinal of candidates) {
        const distance = filter(ordinal);
        if (distance === false) continue;
        doc.at(ordinal);
        if (!matches(tsquery, doc.lookup)) continue;
        const pack = this.packs[ordinal]!;
        const bonus = (hasAnyKey(pack, phraseTags!) ? 1 : 0) + (hasAnyKey(pack, professionTags!) ? 1.5 : 0);
        matched.push(ordinal);
        scores.push(tsRank(tsquery, exact.operands, doc.lookup) + bonus);
        distances.push(distance);
      }
      textMatches =
        matched.length > 0 ||
        candidates.some((ordinal) => {
          doc.at(ordinal);
          return matches(tsquery, doc.lookup);
        });
    } else if (!exact) {
      for (const ordinal of this.ordinals.values()) consider(ordinal, 0);
    }
    // (Exact words that are only stop words match nothing.)

    const facets = this.facetCounts(matched);
    const order = this.order(query, matched, scores, distances);
    const from = (query.page - 1) * query.size;
    const page = selectPage(order, matched.length, from, query.size);
    const hits: SearchHit[] = page.map((i) => {
      const ordinal = matched[i]!;
      const lat = this.lats[ordinal]!;
      return {
        id: this.docIds[ordinal]!,
        kind: this.kinds[ordinal]!,
        entityId: this.entityIds[ordinal]!,
        score: scores[i]!,
        distanceM: query.near ? Math.round(distances[i]!) : null,
        point: Number.isNaN(lat) ? null : { lat, lon: this.lons[ordinal]! },
        display: JSON.parse(this.displays[ordinal]!.toString('utf8')) as SearchDisplay,
      };
    });
    return { result: { total: matched.length, hits, facets }, textMatches };
  }

  // ---- text ----------------------------------------------------------------------------------

  private lexemeId(lexeme: string): number {
    let id = this.lexemeIds.get(lexeme);
    if (id === undefined) {
      id = this.postings.length;
      this.lexemeIds.set(lexeme, id);
      this.postings.push([]);
    }
    return id;
  }

  /** Documents that may match: from the posting lists of the lexemes the query needs (each once). */
  private candidates(query: TsQuery): number[] {
    const lists = this.required(query);
    if (lists === 'all') return [...this.ordinals.values()];
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    if (this.stamps.length < this.docIds.length) {
      const grown = new Uint32Array(Math.max(this.docIds.length, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    const out: number[] = [];
    for (const list of lists) {
      for (const ordinal of list) {
        if (this.stamps[ordinal] === this.stamp || this.docIds[ordinal] === undefined) continue;
        this.stamps[ordinal] = this.stamp;
        out.push(ordinal);
      }
    }
    return out;
  }

  /**
   * Posting lists whose union holds every match: for `a & b` the shorter side's, for `a | b` both
   * sides', for a negation none can narrow ('all'). Matching then checks each candidate exactly.
   */
  private required(query: TsQuery): number[][] | 'all' {
    switch (query.op) {
      case 'val': {
        const id = this.lexemeIds.get(query.lexeme);
        return id === undefined ? [] : [this.postings[id]!];
      }
      case 'not':
        return 'all';
      case 'or': {
        const left = this.required(query.left);
        const right = this.required(query.right);
        return left === 'all' || right === 'all' ? 'all' : [...left, ...right];
      }
      case 'and':
      case 'phrase': {
        const left = this.required(query.left);
        const right = this.required(query.right);
        if (left === 'all') return right;
        if (right === 'all') return left;
        const size = (lists: number[][]) => lists.reduce((n, l) => n + l.length, 0);
        return size(left) <= size(right) ? left : right;
      }
    }
  }

  /**
   * A lexeme lookup over one document at a time, for one query: the query's lexemes are resolved
   * to ids once, then each document is a binary search over its sorted lexeme ids (`at` moves it
   * from document to document without allocating).
   */
  private lookupFor(operands: readonly string[]): { lookup: LexemeLookup; at(ordinal: number): void } {
    const resolved = new Map(operands.map((l) => [l, this.lexemeIds.get(l)]));
    let pack: Pack = EMPTY;
    let n = 0;
    let ids = 0;
    let offsets = 0;
    let positions = 0;
    return {
      at: (ordinal) => {
        pack = this.packs[ordinal]!;
        const lexStart = lexemeStart(pack);
        n = pack[lexStart]!;
        ids = lexStart + 1;
        offsets = ids + n;
        positions = offsets + n + 1;
      },
      lookup: (lexeme) => {
        const id = resolved.get(lexeme);
        if (id === undefined) return undefined;
        let lo = 0;
        let hi = n - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const here = pack[ids + mid]!;
          if (here === id) return pack.subarray(positions + pack[offsets + mid]!, positions + pack[offsets + mid + 1]!);
          if (here < id) lo = mid + 1;
          else hi = mid - 1;
        }
        return undefined;
      },
    };
  }

  /** Posting lists are rebuilt from the documents when a fifth of their entries went stale. */
  private compactIfStale(): void {
    if (this.staleAppends < 10_000 || this.staleAppends < this.liveAppends / 5) return;
    this.postings = this.postings.map(() => []);
    this.liveAppends = 0;
    for (const ordinal of this.ordinals.values()) {
      for (const id of lexemeIdsOf(this.packs[ordinal]!)) {
        this.postings[id]!.push(ordinal);
        this.liveAppends++;
      }
    }
    this.staleAppends = 0;
  }

  // ---- filters -------------------------------------------------------------------------------

  private tagId(field: Field, value: string): number {
    const key = `${field}\u0000${value}`;
    let id = this.tagIds.get(key);
    if (id === undefined) {
      id = this.tagField.length;
      this.tagIds.set(key, id);
      this.tagField.push(FIELDS.indexOf(field));
      this.tagValue.push(value);
    }
    return id;
  }

  private tagsOf(row: ReplicaRow): { tags: number[]; keys: number[] } {
    const collect = (into: number[]) => (field: Field, values: ReadonlyArray<string | number | boolean | null>) => {
      for (const value of new Set(values)) if (value !== null) into.push(this.tagId(field, String(value)));
    };
    const tags: number[] = [];
    const keys: number[] = [];
    const add = collect(tags);
    add('kind', [row.kind]);
    add('municipality', [row.municipality]);
    add('statSector', [row.stat_sector]);
    add('district', [row.district]);
    add('sector', row.sector_ids);
    add('rubrique', row.rubrique_ids);
    add('category', row.category_ids);
    add('agrementType', row.agrement_type_ids);
    add('authority', row.authority_ids);
    add('language', row.languages);
    add('offerKind', [row.offer_kind]);
    add('publicTarget', row.target_publics);
    add('profession', [row.profession]);
    add('convention', [row.convention]);
    add('accepting', [row.accepting_patients]);
    collect(keys)('phraseKey', row.phrase_keys);
    collect(keys)('professionKey', row.profession_keys);
    return { tags, keys };
  }

  /** The tags of known values as a mask over tag ids (an unknown value matches no document). */
  private tagSet(field: Field, values: readonly (string | number | boolean)[]): TagMask {
    const mask: TagMask = new Uint8Array(this.tagField.length);
    for (const value of values) {
      const id = this.tagIds.get(`${field}\u0000${String(value)}`);
      if (id !== undefined) mask[id] = 1;
    }
    return mask;
  }

  /**
   * The non-text criteria as one function of a document: false when it does not match, else its
   * distance to `near` in metres (NaN without `near`).
   */
  private compileFilter(query: SearchQuery): (ordinal: number) => number | false {
    const groups: TagMask[] = [];
    const group = (field: Field, values: readonly (string | number | boolean)[]) => {
      if (values.length > 0) groups.push(this.tagSet(field, values));
    };
    group('kind', query.kind);
    group('municipality', query.municipality);
    group('statSector', query.statSector);
    group('district', query.district);
    group('sector', query.sector);
    group('rubrique', query.rubrique);
    group('category', query.category);
    group('agrementType', query.agrementType);
    group('authority', query.authority);
    group('language', query.language);
    group('offerKind', query.offerKind);
    group('publicTarget', query.publicTarget);
    group('profession', query.profession);
    group('convention', query.convention);
    if (query.acceptingPatients !== null) group('accepting', [query.acceptingPatients]);
    const { bbox, near, openAt } = query;
    const polygon = query.polygon ? geometryFromGeoJson({ type: 'Polygon', coordinates: [query.polygon] }) : null;
    const at = openAt?.getTime() ?? 0;
    // A box around the circle, a little larger than it: most documents outside are refused without trigonometry.
    const nearBox = near ? boxAround(near.lat, near.lon, near.radiusM * 1.01) : null;
    // Cheapest and most selective first: boxes, then tags, then exact shapes and times.
    return (ordinal) => {
      const lat = this.lats[ordinal]!;
      const lon = this.lons[ordinal]!;
      if ((bbox || polygon || near) && Number.isNaN(lat)) return false;
      if (bbox && (lat < bbox.south || lat > bbox.north || lon < bbox.west || lon > bbox.east)) return false;
      if (nearBox && (lat < nearBox.south || lat > nearBox.north || lon < nearBox.west || lon > nearBox.east)) return false;
      const pack = this.packs[ordinal]!;
      for (const wanted of groups) if (!hasAnyTag(pack, wanted)) return false;
      if (polygon && !pointInGeometry(polygon, lon, lat)) return false;
      if (openAt && !isOpen(this.opens[ordinal] ?? null, at)) return false;
      if (!near) return NaN;
      const distance = distanceM(lat, lon, near.lat, near.lon);
      return distance <= near.radiusM ? distance : false;
    };
  }

  // ---- facets and order ----------------------------------------------------------------------

  private facetCounts(matched: readonly number[]): SearchResult['facets'] {
    const counts = new Uint32Array(this.tagField.length);
    const facetFields = new Set(FACETS.map((f) => FIELDS.indexOf(FACET_FIELD[f])));
    const counted = new Uint8Array(this.tagField.length);
    for (let t = 0; t < this.tagField.length; t++) counted[t] = facetFields.has(this.tagField[t]!) ? 1 : 0;
    for (const ordinal of matched) {
      const pack = this.packs[ordinal]!;
      const n = pack[0]!;
      for (let i = 1; i <= n; i++) {
        const tag = pack[i]!;
        if (counted[tag]) counts[tag]!++;
      }
    }
    const facets = Object.fromEntries(FACETS.map((f) => [f, [] as Array<{ key: string; count: number }>])) as SearchResult['facets'];
    const byField = new Map(FACETS.map((f) => [FIELDS.indexOf(FACET_FIELD[f]), f]));
    for (let t = 0; t < counts.length; t++) if (counts[t]) facets[byField.get(this.tagField[t]!)!].push({ key: this.tagValue[t]!, count: counts[t]! });
    for (const facet of FACETS) facets[facet] = facets[facet].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, FACET_VALUES_CAP);
    return facets;
  }

  /** A comparator over indexes into `matched`, as the SQL ordered: relevance, distance or name, then the document id. */
  private order(query: SearchQuery, matched: readonly number[], scores: readonly number[], distances: readonly number[]): (a: number, b: number) => number {
    const ids = (a: number, b: number) => compareCodePoints(this.docIds[matched[a]!]!, this.docIds[matched[b]!]!);
    if (query.sort === 'distance') return (a, b) => distances[a]! - distances[b]! || ids(a, b);
    if (query.sort === 'name') {
      const names = query.lang === 'nl' ? this.sortNl : this.sortFr;
      return (a, b) => compareCodePoints(names[matched[a]!]!, names[matched[b]!]!) || ids(a, b);
    }
    return (a, b) => scores[b]! - scores[a]! || ids(a, b);
  }
}

function lexemeIdsOf(pack: Pack): Int32Array {
  if (pack.length === 0) return EMPTY;
  const lexStart = lexemeStart(pack);
  return pack.subarray(lexStart + 1, lexStart + 1 + pack[lexStart]!);
}

/** One byte per tag id: 1 when the tag is wanted. */
type TagMask = Uint8Array;

function hasAnyTag(pack: Pack, wanted: TagMask): boolean {
  const n = pack[0]!;
  for (let i = 1; i <= n; i++) if (wanted[pack[i]!] === 1) return true;
  return false;
}

function hasAnyKey(pack: Pack, wanted: TagMask): boolean {
  const start = pack[0]! + 2;
  const end = start + pack[start - 1]!;
  for (let i = start; i < end; i++) if (wanted[pack[i]!] === 1) return true;
  return false;
}

/** Index of `nLexemes` in a pack. */
function lexemeStart(pack: Pack): number {
  const keys = pack[0]! + 1;
  return keys + 1 + pack[keys]!;
}

/** `open_ranges @> t`: some [start, end) interval holds t. */
function isOpen(ranges: Float64Array | null, t: number): boolean {
  if (!ranges) return false;
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= t && t < ranges[i + 1]!) return true;
  return false;
}

const RADIANS = Math.PI / 180;
const METRES_PER_DEGREE = 111_320;

function boxAround(lat: number, lon: number, radiusM: number): { south: number; north: number; west: number; east: number } {
  const dLat = radiusM / METRES_PER_DEGREE;
  const dLon = radiusM / (METRES_PER_DEGREE * Math.max(Math.cos(lat * RADIANS), 0.01));
  return { south: lat - dLat, north: lat + dLat, west: lon - dLon, east: lon + dLon };
}

/** Great-circle distance in metres, as `search.distance_m` computes it. */
function distanceM(lat: number, lon: number, originLat: number, originLon: number): number {
  const h = Math.sin(((originLat - lat) * RADIANS) / 2) ** 2 + Math.cos(lat * RADIANS) * Math.cos(originLat * RADIANS) * Math.sin(((originLon - lon) * RADIANS) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** The order of the database's C collation (UTF-8 bytes = code points). */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Indexes of the requested page: a bounded selection for the first pages, a full sort beyond. */
function selectPage(compare: (a: number, b: number) => number, count: number, from: number, size: number): number[] {
  const want = Math.min(count, from + size);
  if (want <= 0) return [];
  const all = Array.from({ length: count }, (_, i) => i);
  if (want * 8 >= count) return all.sort(compare).slice(from, want);
  // Keep the `want` best in a sorted buffer: cheaper than sorting thousands of matches for page 1.
  const best: number[] = [];
  for (const i of all) {
    if (best.length === want && compare(i, best[want - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid]!, i) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > want) best.pop();
  }
  return best.slice(from, want);
}
