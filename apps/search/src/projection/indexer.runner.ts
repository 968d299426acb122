import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { SearchEngine } from '@care/search-domain';
import { gauge } from '@care/service-kit';
import { SEARCH_CONFIG, type SearchConfig } from '../config/search.config.js';
import { SEARCH_ENGINE } from '../engines/search-engine.token.js';
import { brusselsToday, DocumentIndexer } from './document.indexer.js';
import { Generations } from './generations.js';
import { IndexState } from './index-state.js';

/** Safety net when a notification is missed (a dropped LISTEN connection). */
const POLL_MS = 5_000;

/**
 * Runs the indexer whenever the projection marks documents dirty (LISTEN on `care_search_dirty`,
 * delivered at commit), for the active generation and one being rebuilt; once a day re-marks
 * every document so the indexed opening intervals follow the calendar.
 */
@Injectable()
export class IndexerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Indexer');
  private readonly indexer: DocumentIndexer;
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(SEARCH_CONFIG) private readonly config: SearchConfig,
    private readonly generations: Generations,
    private readonly state: IndexState,
  ) {
    this.indexer = new DocumentIndexer(orm, engine);
  }

  async onApplicationBootstrap(): Promise<void> {
    const active = await this.generations.ensureActive();
    // In the background: /health says down until the engine can answer quickly (PostgreSQL: its in-memory replica).
    void this.engine.warm(active).catch((error: unknown) => this.logger.error({ err: error }, 'could not load the search index; retrying on the first search'));
    const state = this.state;
    gauge({
      name: 'care_search_index_lag_documents',
      help: 'Search documents waiting to be indexed (active generation)',
      async collect() {
        this.set((await state.lag()).pending);
      },
    });
    gauge({
      name: 'care_search_index_lag_seconds',
      help: 'Seconds between the last event the search projection applied and the newest one fully indexed',
      async collect() {
        this.set((await state.lag()).lagSeconds);
      },
    });
    this.listener = new pg.Client({ connectionString: this.config.DATABASE_URL, application_name: 'care-search-indexer' });
    this.listener.on('error', (error) => this.logger.warn(`listen connection lost: ${error.message}; polling every ${POLL_MS} ms`));
    this.listener.on('notification', () => this.wake());
    await this.listener.connect();
    await this.listener.query('listen care_search_dirty');
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    await this.engine.close();
  }

  /** Runs one pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'indexing failed; retrying on the next wake-up'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pass(): Promise<void> {
    const em = this.orm.em.fork();
    const targets = await em.execute<Array<{ id: number; state: string }>>(`select id, state from search.generation where state in ('active', 'building')`);
    const today = brusselsToday();
    for (const target of targets) {
      if (target.state === 'active') await ensureOpeningWindow(this.orm, target.id, today);
      const written = await this.indexer.drain(target.id);
      if (written > 0) this.logger.debug(`generation ${target.id}: ${written} document(s) indexed`);
    }
  }
}

/** Marks every document of a generation dirty when its opening window was computed before today. */
export async function ensureOpeningWindow(orm: MikroORM, generation: number, today: string): Promise<void> {
  const [row] = await orm.em.fork().execute<Array<{ window_date: string | null }>>(`select window_date::text from search.progress where generation = ?`, [generation]);
  if (row?.window_date !== today) await markAllDirty(orm, generation, today);
}

/** Every document of a generation to rebuild (a new day moves the window of indexed opening intervals). */
export async function markAllDirty(orm: MikroORM, generation: number, today: string): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await em.execute(
      `insert into search.dirty (generation, doc_id)
       select ?, kind || ':' || id from search.source where generation = ? and kind in ('site', 'practice') and not deleted`,
      [generation, generation],
    );
    await em.execute(
      `insert into search.progress (generation, window_date) values (?, ?::date) on conflict (generation) do update set window_date = excluded.window_date`,
      [generation, today],
    );
  });
}
