import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadSearchConfig } from '../config/search.config.js';
import { SEARCH_DATABASE } from '../persistence/search.database.js';

/** The search service as it runs, on its own migrated test databases (PostgreSQL engine). */
export function startSearchService(label: string): Promise<ServiceUnderTest> {
  return startServiceUnderTest({ name: 'search', label, database: SEARCH_DATABASE, module: (env) => AppModule.register(loadSearchConfig(env)) });
}
