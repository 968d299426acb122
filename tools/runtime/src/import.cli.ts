import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { runtimeOptions } from './runtime-config.js';
import { databaseOf, REPO_ROOT, serviceCli } from './services.js';

/**
 * `npm run import:kbo -- <extract folder>`, `npm run import:legacy -- <file>` and
 * `npm run import:cobrha -- <file.csv>`: runs the import command of the service that owns the data
 * on the platform's data — the embedded cluster of `npm start` (which must not be running at the
 * same time), or the server of DATABASE_URL. Formats: docs/imports.md.
 */
const SERVICE_OF_KIND = { kbo: 'organisations', legacy: 'organisations', cobrha: 'care-providers' } as const;
const [kind, target] = process.argv.slice(2) as [keyof typeof SERVICE_OF_KIND | undefined, string | undefined];
if (!kind || !(kind in SERVICE_OF_KIND) || !target) {
  process.stderr.write('usage: npm run import:kbo -- <extract folder> | npm run import:legacy -- <file.json|file.ndjson> | npm run import:cobrha -- <file.csv>\n');
  process.exit(64);
}
const service = SERVICE_OF_KIND[kind];
let postgres: RunningPostgres | undefined;
let serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  const options = runtimeOptions();
  postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort });
  serverUrl = postgres.url;
}
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [serviceCli(service, 'import.cli.js'), kind, path.resolve(target)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: withDatabase(serverUrl!, databaseOf(service)) },
  });
  child.on('exit', resolve);
});
await postgres?.stop();
process.exit(code ?? 1);
