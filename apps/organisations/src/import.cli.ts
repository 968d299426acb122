import { Outbox } from '@care/messaging';
import { openServiceOrm } from '@care/persistence';
import { UnitOfWork } from '@care/service-kit';
import { loadOrganisationsConfig } from './config/organisations.config.js';
import { ExtractSequenceError, KboImporter } from './imports/kbo/kbo-importer.js';
import { ORGANISATIONS_DATABASE } from './persistence/organisations.database.js';

/**
 * `npm run import:kbo -- <extract folder>`: imports one KBO/BCE extract (full or daily update)
 * into the organisations database of DATABASE_URL, prints the run and exits non-zero when the run
 * did not succeed. The same import runs on a schedule inside the service (KBO_INBOX_DIR).
 */
const [kind, target] = process.argv.slice(2);
if (kind !== 'kbo' || !target) {
  process.stderr.write('usage: import.cli kbo <extract folder>\n');
  process.exit(64);
}
const config = loadOrganisationsConfig();
const orm = await openServiceOrm({ service: 'organisations', databaseUrl: config.DATABASE_URL, entities: ORGANISATIONS_DATABASE.entities, migrationsDir: ORGANISATIONS_DATABASE.migrationsDir });
try {
  const importer = new KboImporter(new UnitOfWork(orm.em), new Outbox('organisations'), {
    databaseUrl: config.DATABASE_URL,
    nacePrefixes: config.KBO_NACE_PREFIXES,
    postcodes: config.KBO_POSTCODES,
  });
  const run = await importer.import(target, process.env['USER'] ?? 'cli');
  process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  process.exitCode = run.status === 'succeeded' ? 0 : 1;
} catch (error) {
  if (error instanceof ExtractSequenceError) {
    process.stderr.write(`${error.localized.fr}\n${error.localized.nl}\n`);
    process.exitCode = 2;
  } else throw error;
} finally {
  await orm.close();
}
