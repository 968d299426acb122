import { loadSearchConfig } from './config/search.config.js';
import { openSearchRuntime } from './search.runtime.js';

/**
 * `node apps/search/dist/index-bootstrap.cli.js` (the search service's variables): creates what
 * the search engine needs before the service first starts — with Elasticsearch the index template
 * (analysis, mapping, shards and replicas), the active generation's index and the read and write
 * aliases — through the same code the service runs at start (`Generations.ensureActive`).
 * Idempotent: on an existing index it only refreshes the template. Needs the search database
 * migrated (the generations are recorded there).
 */
if (!process.env['DATABASE_URL']) {
  process.stderr.write('DATABASE_URL (the search database) is required\n');
  process.exit(78);
}
const runtime = await openSearchRuntime();
try {
  const generation = await runtime.generations.ensureActive();
  const prefix = loadSearchConfig().ELASTICSEARCH_INDEX_PREFIX;
  process.stdout.write(
    runtime.engine.kind === 'elasticsearch'
      ? `search index: template ${prefix}-generations, index ${prefix}-g${generation}, aliases ${prefix} and ${prefix}-write ready\n`
      : `search index: generation ${generation} ready in the search database (SEARCH_ENGINE=postgres)\n`,
  );
} finally {
  await runtime.close();
}
