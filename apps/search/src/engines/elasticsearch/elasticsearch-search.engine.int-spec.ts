import { searchEngineContract } from '../search-engine.contract.js';
import { ElasticsearchSearchEngine } from './elasticsearch-search.engine.js';

// Elasticsearch is not embedded like PostgreSQL: the contract runs only against a cluster given here.
const url = process.env['ELASTICSEARCH_URL'];

if (!url) {
  describe('ElasticsearchSearchEngine (contract)', () => {
    it.skip('needs ELASTICSEARCH_URL (Elasticsearch cannot run here); set it to run the contract suite', () => undefined);
  });
  console.info(
    'ElasticsearchSearchEngine contract suite skipped: ELASTICSEARCH_URL is not set (e.g. ELASTICSEARCH_URL=http://localhost:9200)',
  );
} else {
  const apiKey = process.env['ELASTICSEARCH_API_KEY'];
  searchEngineContract(
    'elasticsearch',
    async () => new ElasticsearchSearchEngine({ node: url, indexPrefix: `care-search-test-${process.pid}`, ...(apiKey ? { apiKey } : {}) }),
  );
}
