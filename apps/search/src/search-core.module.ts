import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { SearchEngine } from '@care/search-domain';
import { SEARCH_CONFIG, type SearchConfig } from './config/search.config.js';
import { createSearchEngine } from './engines/create-search-engine.js';
import { SEARCH_ENGINE } from './engines/search-engine.token.js';
import { Generations } from './projection/generations.js';
import { IndexState } from './projection/index-state.js';

/** The engine, the generations and the index state: global, so `/health` can use them too. */
@Global()
@Module({})
export class SearchCoreModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: SearchCoreModule,
      providers: [
        { provide: SEARCH_CONFIG, useValue: config },
        { provide: SEARCH_ENGINE, useFactory: () => createSearchEngine(config) },
        { provide: Generations, useFactory: (orm: MikroORM, engine: SearchEngine) => new Generations(orm, engine), inject: [MikroORM, SEARCH_ENGINE] },
        IndexState,
      ],
      exports: [SEARCH_CONFIG, SEARCH_ENGINE, Generations, IndexState],
    };
  }
}
