import { Outbox } from '@care/messaging';
import { openServiceOrm, UnitOfWork } from '@care/persistence';
import { drainOutbox } from '@care/service-kit';
import { loadDemoData } from './demo/demo-loader.js';
import { ORGANISATIONS_DATABASE } from './persistence/organisations.database.js';
import { seedReferenceData } from './seed/reference-seeder.js';
import { TaxonomyCommands } from './taxonomy/taxonomy.commands.js';

/**
 * `node dist/demo.cli.js` on DATABASE_URL (a migrated organisations database): seeds the reference
 * lists and the thematic tree, then the demo dataset, once, and publishes its events to the bus of
 * EVENT_BUS_DATABASE_URL when set. Run by `npm start`.
 */
const url = process.env['DATABASE_URL'];
if (!url) {
  process.stderr.write('DATABASE_URL: required (URL of the organisations database)\n');
  process.exit(78);
}
const log = (line: string) => process.stdout.write(`organisations: ${line}\n`);
const orm = await openServiceOrm({ service: 'organisations', databaseUrl: url, entities: ORGANISATIONS_DATABASE.entities, migrationsDir: ORGANISATIONS_DATABASE.migrationsDir });
try {
  const uow = new UnitOfWork(orm.em);
  const outbox = new Outbox('organisations');
  await seedReferenceData(uow, new TaxonomyCommands(uow, outbox), log);
  if (!(await loadDemoData(uow, outbox, log))) log('demo data already present');
} finally {
  await orm.close();
}
// Other loaders (agréments) consume these events before the services run.
const published = await drainOutbox('organisations', url);
if (published) log(`${published} events published to the event bus`);
