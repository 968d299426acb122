import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../admin/database-admin.js';
import { databaseName, redactUrl, withDatabase } from '../admin/database-url.js';
import type { DatabaseDescriptor } from './database-descriptor.js';
import { migrateServiceDatabase, openServiceOrm, schemaDrift } from './service-orm.js';

export type DatabaseCommand = 'migrate' | 'check' | 'create';

/** A scratch database next to `url`, dropped afterwards: drift checks and migration generation. */
async function withScratchDatabase<T>(url: string, fn: (scratchUrl: string) => Promise<T>): Promise<T> {
  const scratch = withDatabase(url, `${databaseName(url)}_scratch_${randomBytes(4).toString('hex')}`);
  await ensureDatabase(scratch);
  try {
    return await fn(scratch);
  } finally {
    await dropDatabase(scratch);
  }
}

/**
 * The three database operations of the platform, the same for every service:
 * - `migrate`: creates the database if needed and applies committed migrations;
 * - `check`: applies every committed migration to a scratch database and fails when the entities
 *   still need SQL (drift between entities and migrations);
 * - `create`: writes a new migration with the SQL the entities need beyond the committed ones.
 */
export async function runDatabaseCommand(
  descriptor: DatabaseDescriptor,
  command: DatabaseCommand,
  url: string,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const options = { service: descriptor.service, entities: descriptor.entities, migrationsDir: descriptor.migrationsDir, unmanagedTables: descriptor.unmanagedTables };
  switch (command) {
    case 'migrate': {
      await ensureDatabase(url);
      const { applied } = await migrateServiceDatabase({ ...options, databaseUrl: url });
      log(`${descriptor.service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${redactUrl(url)})`);
      return 0;
    }
    case 'check': {
      const drift = await withScratchDatabase(url, (scratch) => schemaDrift({ ...options, databaseUrl: scratch }));
      if (!drift) {
        log(`${descriptor.service}: entities and committed migrations agree`);
        return 0;
      }
      log(`${descriptor.service}: entities and committed migrations DRIFT; run \`npm run db:migration:create -- ${descriptor.service}\`. Missing SQL:\n${drift}`);
      return 1;
    }
    case 'create': {
      return withScratchDatabase(url, async (scratch) => {
        const orm = await openServiceOrm({ ...options, databaseUrl: scratch, poolMax: 2 });
        try {
          await orm.migrator.up();
          const result = await orm.migrator.create(descriptor.migrationsSourceDir, false, false);
          if (!result.fileName) {
            log(`${descriptor.service}: no changes, no migration written`);
            return 0;
          }
          log(`${descriptor.service}: wrote ${descriptor.migrationsSourceDir}/${result.fileName}`);
          return 0;
        } finally {
          await orm.close(true);
        }
      });
    }
  }
}
