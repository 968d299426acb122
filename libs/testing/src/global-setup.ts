import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres, waitForServer, redactUrl, type RunningPostgres } from '@care/persistence';

declare global {
  var __carePostgres: RunningPostgres | undefined;
}

/**
 * Jest global setup: one PostgreSQL server for the whole run — `DATABASE_URL` when set (e.g. the
 * machine's PostgreSQL), otherwise an embedded cluster in a temporary directory. Each test file
 * then creates its own databases on it (see test-database.ts), so workers run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const external = process.env['DATABASE_URL'];
  if (external) {
    await waitForServer(external);
    process.env['CARE_TEST_SERVER_URL'] = external;
    process.stdout.write(`\ntests use the PostgreSQL server of DATABASE_URL (${redactUrl(external)})\n`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'care-test-'));
  chmodSync(dir, 0o755); // the cluster may run as the postgres user
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), durable: false, maxConnections: 400 });
  globalThis.__carePostgres = postgres;
  process.env['CARE_TEST_SERVER_URL'] = postgres.url;
  process.env['CARE_TEST_DATA_DIR'] = dir;
  process.stdout.write(`\ntests use an embedded PostgreSQL (${redactUrl(postgres.url)}, data in ${dir})\n`);
}
