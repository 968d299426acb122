import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ServiceUnavailableException } from '@nestjs/common';
import { ACTIVE_GENERATION_CACHE_MS } from './generations.js';

export interface IndexLag {
  generation: number | null;
  /** Documents waiting to be (re)built. */
  pending: number;
  oldestPendingSeconds: number | null;
  /** When the last event applied to the projection occurred, and the newest one fully indexed. */
  lastEventAt: string | null;
  indexedThrough: string | null;
  /** Seconds between the two (0 when everything seen is indexed). */
  lagSeconds: number;
}

/** The active generation (cached briefly: it changes only when a rebuild swaps) and the index lag. */
@Injectable()
export class IndexState {
  private cached: { generation: number; until: number } | undefined;

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async activeGeneration(): Promise<number> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.generation;
    const [row] = await this.orm.em.fork().execute<Array<{ id: number }>>(`select id from search.generation where state = 'active'`);
    if (!row) throw new ServiceUnavailableException('the search index is not ready yet');
    this.cached = { generation: row.id, until: Date.now() + ACTIVE_GENERATION_CACHE_MS };
    return row.id;
  }

  async lag(): Promise<IndexLag> {
    const [row] = await this.orm.em.fork().execute<
      Array<{ generation: number | null; pending: string; oldest: number | null; last_event_at: Date | null; indexed_through: Date | null }>
    >(
      `select g.id as generation,
        (select count(distinct doc_id) from search.dirty d where d.generation = g.id) as pending,
        (select extract(epoch from now() - min(queued_at))::float8 from search.dirty d where d.generation = g.id) as oldest,
        (select max(event_at) from search.source s where s.generation = g.id) as last_event_at, p.indexed_through
       from search.generation g left join search.progress p on p.generation = g.id where g.state = 'active'`,
    );
    if (!row) return { generation: null, pending: 0, oldestPendingSeconds: null, lastEventAt: null, indexedThrough: null, lagSeconds: 0 };
    const last = row.last_event_at ? new Date(row.last_event_at) : null;
    const through = row.indexed_through ? new Date(row.indexed_through) : null;
    const pending = Number(row.pending);
    return {
      generation: row.generation,
      pending,
      oldestPendingSeconds: row.oldest === null ? null : Math.round(row.oldest * 10) / 10,
      lastEventAt: last?.toISOString() ?? null,
      indexedThrough: through?.toISOString() ?? null,
      lagSeconds: pending === 0 || !last ? 0 : Math.max(0, (last.getTime() - (through?.getTime() ?? 0)) / 1000),
    };
  }
}
