import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';

/** The organisations database: its entities and committed migrations. */
export const ORGANISATIONS_DATABASE: DatabaseDescriptor = {
  service: 'organisations',
  database: databaseFor('organisations'),
  entities: [...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
