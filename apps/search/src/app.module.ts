import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { SearchConfig } from './config/search.config.js';
import { SEARCH_DATABASE } from './persistence/search.database.js';
import { IndexerRunner } from './projection/indexer.runner.js';
import { SearchIndexHealth } from './projection/search-index.health.js';
import { SearchProjectionConsumer } from './projection/search-projection.consumer.js';
import { SearchCoreModule } from './search-core.module.js';
import { AuthorityController } from './authority/authority.controller.js';
import { AuthorityExportRunner } from './authority/authority-export.runner.js';
import { AuthorityQueries } from './authority/authority.queries.js';
import { AuthoritySaved } from './authority/authority-saved.service.js';
import { SearchController } from './search/search.controller.js';
import { SearchQueries } from './search/search.queries.js';

@Module({})
export class AppModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [SearchCoreModule.register(config), ServiceModule.forRoot({ database: SEARCH_DATABASE, config, publishesEvents: false, health: [SearchIndexHealth] })],
      controllers: [SearchController, AuthorityController],
      providers: [SearchQueries, SearchProjectionConsumer, IndexerRunner, AuthorityQueries, AuthorityExportRunner, AuthoritySaved],
    };
  }
}
