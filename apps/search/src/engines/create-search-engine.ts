import type { SearchEngine } from '@care/search-domain';
import type { SearchConfig } from '../config/search.config.js';
import { ElasticsearchSearchEngine } from './elasticsearch/elasticsearch-search.engine.js';
import { PostgresSearchEngine } from './postgres/postgres-search.engine.js';

/** The engine chosen by SEARCH_ENGINE; the projection and the API do not know which. */
export function createSearchEngine(
  config: Pick<SearchConfig, 'SEARCH_ENGINE' | 'DATABASE_URL' | 'ELASTICSEARCH_URL' | 'ELASTICSEARCH_API_KEY' | 'ELASTICSEARCH_INDEX_PREFIX' | 'ELASTICSEARCH_SHARDS' | 'ELASTICSEARCH_REPLICAS' | 'SEARCH_POOL_MAX'>,
): SearchEngine {
  if (config.SEARCH_ENGINE === 'elasticsearch') {
    return new ElasticsearchSearchEngine({
      node: config.ELASTICSEARCH_URL!,
      apiKey: config.ELASTICSEARCH_API_KEY,
      indexPrefix: config.ELASTICSEARCH_INDEX_PREFIX,
      shards: config.ELASTICSEARCH_SHARDS,
      replicas: config.ELASTICSEARCH_REPLICAS,
    });
  }
  return new PostgresSearchEngine(config.DATABASE_URL, config.SEARCH_POOL_MAX);
}
