import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';

/** The search database: its entities and committed migrations. */
export const SEARCH_DATABASE: DatabaseDescriptor = {
  service: 'search',
  database: databaseFor('search'),
  entities: [...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
