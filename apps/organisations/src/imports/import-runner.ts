import { createGeocoder } from '@care/geocoding';
import { loadConfig } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { openServiceOrm, UnitOfWork } from '@care/persistence';
import { importSettingsSchema } from '../config/import-settings.config.js';
import { ORGANISATIONS_DATABASE } from '../persistence/organisations.database.js';
import { ReferenceData } from '../reference/reference-data.service.js';
import { SiteCommands } from '../sites/site.commands.js';
import { SiteContentResolver } from '../sites/site-content.resolver.js';
import { ExtractSequenceError, KboImporter } from './kbo/kbo-importer.js';
import { LegacyImporter } from './legacy/legacy-importer.js';

/** The body of import.cli: one import run on DATABASE_URL, reported on stdout, with its exit code. */
export async function runImportCommand(args: string[]): Promise<void> {
  const [kind, target] = args;
  if (!['kbo', 'legacy'].includes(kind ?? '') || !target) {
    process.stderr.write('usage: import.cli <kbo|legacy> <path>\n');
    process.exit(64);
  }
  const config = loadConfig(importSettingsSchema);
  const orm = await openServiceOrm({
    service: 'organisations',
    databaseUrl: config.DATABASE_URL,
    entities: ORGANISATIONS_DATABASE.entities,
    migrationsDir: ORGANISATIONS_DATABASE.migrationsDir,
  });
  const actor = process.env['USER'] ?? 'cli';
  try {
    const uow = new UnitOfWork(orm.em);
    const outbox = new Outbox('organisations');
    let run;
    if (kind === 'kbo') {
      run = await new KboImporter(uow, outbox, {
        databaseUrl: config.DATABASE_URL,
        nacePrefixes: config.KBO_NACE_PREFIXES,
        postcodes: config.KBO_POSTCODES,
      }).import(target, actor);
    } else {
      const content = new SiteContentResolver(new ReferenceData(uow), createGeocoder(config));
      const commands = new SiteCommands(uow, outbox, content);
      run = await new LegacyImporter(uow, outbox, content, (em, site, change, before) => commands.record(em, site, change, before)).import(
        target,
        actor,
      );
    }
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
}
