import type { MikroORM } from '@mikro-orm/postgresql';
import { EventConsumer, type EventTransport } from '@care/messaging';
import { openServiceOrm } from '@care/persistence';
import { catchUp } from '@care/service-kit';
import type { SearchEngine } from '@care/search-domain';
import { loadConfig } from '@care/kernel';
import { searchConfigSchema } from './config/search.config.js';
import { createSearchEngine } from './engines/create-search-engine.js';
import { SEARCH_DATABASE } from './persistence/search.database.js';
import { brusselsToday, DocumentIndexer } from './projection/document.indexer.js';
import { Generations } from './projection/generations.js';
import { ensureOpeningWindow, markAllDirty } from './projection/indexer.runner.js';
import { liveTargets, PROJECTION_GROUP, registerSearchProjection } from './projection/search.projection.js';

/** What the command-line tools of the search service work with (outside NestJS). */
export interface SearchRuntime {
  orm: MikroORM;
  engine: SearchEngine;
  generations: Generations;
  close(): Promise<void>;
}

export async function openSearchRuntime(env: NodeJS.ProcessEnv = process.env): Promise<SearchRuntime> {
  const config = loadConfig(searchConfigSchema, env);
  const orm = await openServiceOrm({ service: 'search', databaseUrl: config.DATABASE_URL, entities: SEARCH_DATABASE.entities, migrationsDir: SEARCH_DATABASE.migrationsDir });
  const engine = createSearchEngine(config);
  return {
    orm,
    engine,
    generations: new Generations(orm, engine),
    async close() {
      await engine.close();
      await orm.close();
    },
  };
}

/** Applies everything on the bus to the live projection and indexes it (the demo loader, tests). */
export async function catchUpLive(runtime: SearchRuntime, transport: EventTransport): Promise<{ generation: number; documents: number }> {
  const generation = await runtime.generations.ensureActive();
  const consumer = new EventConsumer({ group: PROJECTION_GROUP, orm: runtime.orm, transport, maxBatch: 1_000 });
  registerSearchProjection(consumer, liveTargets);
  await catchUp(consumer, transport, 600_000);
  await ensureOpeningWindow(runtime.orm, generation, brusselsToday());
  const documents = await new DocumentIndexer(runtime.orm, runtime.engine).drain(generation);
  return { generation, documents };
}

/**
 * Replays the whole event log into a new generation while the active one keeps answering (the
 * live projection feeds both meanwhile), indexes it, then swaps it in and drops the old one.
 */
export async function rebuild(runtime: SearchRuntime, transport: EventTransport, log: (line: string) => void): Promise<{ generation: number; documents: number; previous: number | null }> {
  await runtime.generations.ensureActive();
  const generation = await runtime.generations.startBuilding();
  const t0 = Date.now();
  const at = () => `[${((Date.now() - t0) / 1000).toFixed(1)} s]`;
  log(`generation ${generation}: replaying the event log from the beginning`);
  try {
    const group = `search.rebuild.g${generation}`;
    const consumer = new EventConsumer({ group, orm: runtime.orm, transport, maxBatch: 1_000 });
    registerSearchProjection(consumer, async () => [generation]);
    await transport.resetGroup(group, 'beginning', consumer.types);
    await catchUp(consumer, transport, 3_600_000);
    log(`${at()} generation ${generation}: log replayed; indexing`);
    await markAllDirty(runtime.orm, generation, brusselsToday());
    const indexer = new DocumentIndexer(runtime.orm, runtime.engine);
    const documents = await indexer.drain(generation);
    const count = await runtime.engine.count(generation);
    log(`${at()} generation ${generation}: ${documents} document(s) built, ${count} in the index; swapping it in`);
    const previous = await runtime.generations.activate(generation);
    await indexer.drain(generation); // what the live projection marked during the swap
    return { generation, documents: count, previous };
  } catch (error) {
    await runtime.generations.discard(generation);
    throw error;
  }
}
