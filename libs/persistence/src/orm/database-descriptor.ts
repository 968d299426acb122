import type { EntitySchema } from '@mikro-orm/core';

/** What the tooling needs to know about one database of the platform. */
export interface DatabaseDescriptor {
  /** Owner of the database: a service name, or `event-bus`. */
  service: string;
  /** Database name used in embedded mode and derived from a server URL: `care_<service>`. */
  database: string;
  entities: EntitySchema[];
  /** Compiled migrations, applied at run time. */
  migrationsDir: string;
  /** TypeScript sources, where new migrations are written. */
  migrationsSourceDir: string;
  /**
   * Tables created by hand-written SQL in the committed migrations (what entities cannot
   * describe: partitioned tables, text search columns); the drift check leaves them alone.
   */
  unmanagedTables?: Array<string | RegExp>;
}

export function databaseFor(service: string): string {
  return `care_${service.replace(/-/g, '_')}`;
}
