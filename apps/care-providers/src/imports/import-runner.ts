import { loadConfig } from '@care/kernel';
import type { ImportRun } from '@care/imports';
import { Outbox } from '@care/messaging';
import { openServiceOrm, UnitOfWork } from '@care/persistence';
import { z } from 'zod';
import { CARE_PROVIDERS_DATABASE } from '../persistence/care-providers.database.js';
import { loadProfessions } from '../professions/professions.provider.js';
import { ProviderCommands } from '../providers/provider.commands.js';
import { CobrhaImporter } from './cobrha/cobrha-importer.js';

/** One CoBRHA import of `file` on the care-providers database at `databaseUrl`, outside the HTTP service. */
export async function importCobrha(databaseUrl: string, file: string, actor: string, before?: (uow: UnitOfWork) => Promise<boolean>): Promise<ImportRun | null> {
  const orm = await openServiceOrm({ service: 'care-providers', databaseUrl, entities: CARE_PROVIDERS_DATABASE.entities, migrationsDir: CARE_PROVIDERS_DATABASE.migrationsDir });
  try {
    const uow = new UnitOfWork(orm.em);
    if (before && !(await before(uow))) return null;
    const professions = loadProfessions();
    return await new CobrhaImporter(orm, uow, new ProviderCommands(uow, new Outbox('care-providers'), professions), professions, databaseUrl).import(file, actor);
  } finally {
    await orm.close();
  }
}

/** The body of import.cli: one CoBRHA import on DATABASE_URL, reported on stdout, with its exit code. */
export async function runImportCommand(args: string[]): Promise<void> {
  const [kind, file] = args;
  if (kind !== 'cobrha' || !file) {
    process.stderr.write('usage: import.cli cobrha <file.csv>\n');
    process.exit(64);
  }
  const { DATABASE_URL } = loadConfig(z.object({ DATABASE_URL: z.string().url() }));
  const run = (await importCobrha(DATABASE_URL, file, process.env['USER'] ?? 'cli'))!;
  process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  process.exitCode = run.status === 'succeeded' ? 0 : 1;
}
