import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';
import { AGREMENT_ENTITIES } from './entities/agrement.entities.js';

/** The agrements database: its entities and committed migrations. */
export const AGREMENTS_DATABASE: DatabaseDescriptor = {
  service: 'agrements',
  database: databaseFor('agrements'),
  entities: [...AGREMENT_ENTITIES, ...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
