import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';

/** The care-providers database: its entities and committed migrations. */
export const CARE_PROVIDERS_DATABASE: DatabaseDescriptor = {
  service: 'care-providers',
  database: databaseFor('care-providers'),
  entities: [...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
