import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';

export interface ServiceOrmOptions {
  /** Service name, used in logs and as the application_name of connections. */
  service: string;
  /** URL of the service's own database. */
  databaseUrl: string;
  entities: EntitySchema[];
  /** Absolute path of the compiled migrations folder of the service. */
  migrationsDir: string;
  poolMax?: number;
  /** See DatabaseDescriptor.unmanagedTables. */
  unmanagedTables?: Array<string | RegExp>;
}

/**
 * One MikroORM configuration shape for every service. The schema only ever changes through
 * committed migrations (there is no `synchronize` in the platform); `tools/db` checks in CI that
 * entities and migrations agree.
 */
export function serviceOrmOptions(options: ServiceOrmOptions): Options {
  const url = new URL(options.databaseUrl);
  url.searchParams.set('application_name', `care-${options.service}`);
  return defineConfig({
    clientUrl: url.toString(),
    entities: options.entities,
    extensions: [Migrator],
    preferTs: false,
    forceUtcTimezone: true,
    // Every unit of work runs on an explicit fork or transaction: the global context is a bug.
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    discovery: { warnWhenNoEntities: false },
    schemaGenerator: { skipTables: options.unmanagedTables ?? [] },
    migrations: {
      path: options.migrationsDir,
      glob: '!(*.d).js',
      tableName: 'schema_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}

export function openServiceOrm(options: ServiceOrmOptions): Promise<MikroORM> {
  return MikroORM.init(serviceOrmOptions(options));
}

export interface MigrationOutcome {
  applied: string[];
}

/** Applies the pending committed migrations of one service database. */
export async function migrateServiceDatabase(options: ServiceOrmOptions): Promise<MigrationOutcome> {
  const orm = await openServiceOrm({ ...options, poolMax: 2 });
  try {
    const applied = await orm.migrator.up();
    return { applied: applied.map((m) => m.name) };
  } finally {
    await orm.close(true);
  }
}

/**
 * SQL that would still be needed to bring the migrated database in line with the entities.
 * Empty when the committed migrations and the entity definitions agree.
 */
export async function schemaDrift(options: ServiceOrmOptions): Promise<string> {
  const orm = await openServiceOrm({ ...options, poolMax: 2 });
  try {
    await orm.migrator.up();
    return (await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true })).trim();
  } finally {
    await orm.close(true);
  }
}
