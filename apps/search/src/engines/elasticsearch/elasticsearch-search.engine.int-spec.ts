import { describeWhenEnv } from '@care/testing';
import { searchEngineContract } from '../search-engine.contract.js';
import { ElasticsearchSearchEngine } from './elasticsearch-search.engine.js';

// Elasticsearch is not embedded like PostgreSQL: the contract runs only against a cluster given
// here (e.g. ELASTICSEARCH_URL=http://localhost:9200, and ELASTICSEARCH_API_KEY when it needs one).
describeWhenEnv('ELASTICSEARCH_URL', 'ElasticsearchSearchEngine (contract)', (url) => {
  const apiKey = process.env['ELASTICSEARCH_API_KEY'];
  searchEngineContract(
    'elasticsearch',
    async () => new ElasticsearchSearchEngine({ node: url, indexPrefix: `care-search-test-${process.pid}`, ...(apiKey ? { apiKey } : {}) }),
  );
});
