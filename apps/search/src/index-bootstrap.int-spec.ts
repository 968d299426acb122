import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import { createTestDatabase, describeWhenEnv, type TestDatabase } from '@care/testing';
import { SEARCH_DATABASE } from './persistence/search.database.js';

const CLI = fileURLToPath(new URL('./index-bootstrap.cli.js', import.meta.url));

// The command the Kubernetes job `care-search-index` runs, on a real cluster (none can run here).
describeWhenEnv('ELASTICSEARCH_URL', 'search index bootstrap command (Elasticsearch)', (url) => {
  const prefix = `care-bootstrap-${process.pid}`;
  const es = new Client({
    node: url,
    ...(process.env['ELASTICSEARCH_API_KEY'] ? { auth: { apiKey: process.env['ELASTICSEARCH_API_KEY'] } } : {}),
  });
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('index_bootstrap', SEARCH_DATABASE);
  });
  afterAll(async () => {
    await es.indices.delete({ index: `${prefix}-g*` }).catch(() => undefined);
    await es.indices.deleteIndexTemplate({ name: `${prefix}-generations` }).catch(() => undefined);
    await es.close();
    await db?.drop();
  });

  const run = () =>
    spawnSync(process.execPath, [CLI], {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        SEARCH_ENGINE: 'elasticsearch',
        ELASTICSEARCH_INDEX_PREFIX: prefix,
        ELASTICSEARCH_REPLICAS: '0',
      },
    });

  it('creates the template, the first generation and both aliases, and is idempotent', async () => {
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`aliases ${prefix} and ${prefix}-write ready`);
    expect(run().status).toBe(0);
    const aliases = await es.indices.getAlias({ index: `${prefix}-g1` });
    expect(Object.keys(aliases[`${prefix}-g1`]!.aliases).sort()).toEqual([prefix, `${prefix}-write`]);
    const templates = await es.indices.getIndexTemplate({ name: `${prefix}-generations` });
    expect(templates.index_templates).toHaveLength(1);
  });
});
