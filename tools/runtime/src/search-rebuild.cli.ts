import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { embeddedServerUrl, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { runtimeOptions } from './runtime-config.js';
import { databaseOf, REPO_ROOT, serviceCli } from './services.js';

/**
 * `npm run search:rebuild [-- --abandon]`: rebuilds the search index from the event log and swaps
 * it in while search keeps answering. On the platform of `npm start` (running or not: it uses the
 * embedded cluster in place, or starts it), or on the server of DATABASE_URL.
 */
let postgres: RunningPostgres | undefined;
let serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  const options = runtimeOptions();
  const running = embeddedServerUrl(options.embeddedPort);
  const client = new pg.Client({ connectionString: running, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    serverUrl = running;
  } catch {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort });
    serverUrl = postgres.url;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [serviceCli('search', 'rebuild.cli.js'), ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { EVENT_BUS_DATABASE_URL: withDatabase(serverUrl!, databaseOf('event-bus')), ...process.env, DATABASE_URL: withDatabase(serverUrl!, databaseOf('search')) },
  });
  child.on('exit', resolve);
});
await postgres?.stop();
process.exit(code ?? 1);
