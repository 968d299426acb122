import type { HealthReport } from '@care/kernel';
import type { Facet, SearchDocument, SearchDisplay, DocumentKind } from './search-document.js';
import type { SearchQuery } from './search-query.js';

export interface SearchHit {
  id: string;
  kind: DocumentKind;
  entityId: string;
  /** Relevance as the engine computes it (comparable within one answer only). */
  score: number;
  /** Metres from `near`, when given. */
  distanceM: number | null;
  /** WGS84 position, for drawing the hit on a map; null when the place has no coordinates. */
  point: { lat: number; lon: number } | null;
  display: SearchDisplay;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Counts per value over every matching document (not just the page). */
  facets: Record<Facet, Array<{ key: string; count: number }>>;
}

export interface Removal {
  id: string;
  version: number;
}

/**
 * The search engine port. Two adapters pass one contract suite: `postgres` (default, the search
 * database itself) and `elasticsearch`. An index *generation* is one complete copy of the
 * documents: a rebuild fills a new generation while the active one keeps answering, then
 * activates it (an alias swap on Elasticsearch).
 */
export interface SearchEngine {
  readonly kind: 'postgres' | 'elasticsearch';
  /** Creates the (empty) storage of a generation; idempotent. */
  prepare(generation: number): Promise<void>;
  /** Makes `generation` the one queries read (and live writes go to); atomic. */
  activate(generation: number): Promise<void>;
  drop(generation: number): Promise<void>;
  /** Writes documents; a document never replaces a stored one with a higher version. */
  index(generation: number, documents: readonly SearchDocument[]): Promise<void>;
  /** Removes documents, unless a higher version was stored since. */
  remove(generation: number, removals: readonly Removal[]): Promise<void>;
  /** Makes everything written so far visible to queries (Elasticsearch refresh; no-op on PostgreSQL). */
  refresh(generation: number): Promise<void>;
  search(generation: number, query: SearchQuery): Promise<SearchResult>;
  /** Gets ready to answer on a generation without delay (PostgreSQL: loads it into memory; Elasticsearch: nothing to do). */
  warm(generation: number): Promise<void>;
  count(generation: number): Promise<number>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}
