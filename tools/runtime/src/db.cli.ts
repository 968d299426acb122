import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_BUS_DATABASE } from '@care/messaging';
import { freePort, runDatabaseCommand, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { runtimeOptions } from './runtime-config.js';
import { databaseOf, REPO_ROOT, SERVICES, serviceDatabaseCli } from './services.js';

/**
 * `npm run db:migrate`              apply committed migrations to every database
 * `npm run db:check`                fail when any service's entities and committed migrations drift
 * `npm run db:migration:create -- <service>`  write a migration for what the entities need
 *
 * On DATABASE_URL's server when set. Otherwise `migrate` uses the platform's embedded cluster
 * (the data of `npm start`), and `check`/`create` a throw-away embedded cluster.
 */
const [command, only] = process.argv.slice(2) as ['migrate' | 'check' | 'create', string | undefined];
const log = (line: string) => process.stdout.write(`${line}\n`);

if (!['migrate', 'check', 'create'].includes(command)) {
  process.stderr.write('usage: db.cli <migrate|check|create> [service]\n');
  process.exit(64);
}
const names = ['event-bus', ...SERVICES.map((s) => s.name)];
if (command === 'create' && (!only || !names.includes(only))) {
  process.stderr.write(`usage: npm run db:migration:create -- <${names.join('|')}>\n`);
  process.exit(64);
}

let postgres: RunningPostgres | undefined;
let scratchDir: string | undefined;
let serverUrl = process.env['DATABASE_URL'];
const options = runtimeOptions();
if (!serverUrl) {
  if (command === 'migrate') {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort });
  } else {
    scratchDir = mkdtempSync(path.join(tmpdir(), 'care-db-'));
    chmodSync(scratchDir, 0o755); // the cluster may run as the postgres user
    postgres = await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'pg'), port: await freePort(), durable: false });
  }
  serverUrl = postgres.url;
}

let failures = 0;
try {
  for (const name of names.filter((n) => !only || n === only)) {
    const url = withDatabase(serverUrl, databaseOf(name, options.databasePrefix));
    const code =
      name === 'event-bus'
        ? await runDatabaseCommand(EVENT_BUS_DATABASE, command, url, log)
        : await runServiceCli(name, command, url);
    if (code !== 0) failures++;
  }
} finally {
  await postgres?.stop();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);

/** Service databases are handled by each service's own CLI: tools never import application code. */
function runServiceCli(name: string, cmd: string, url: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serviceDatabaseCli(name), cmd], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
