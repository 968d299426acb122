import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';
import { GATEWAY_ENTITIES } from './entities/gateway.entities.js';

/** The gateway database: its entities and committed migrations. */
export const GATEWAY_DATABASE: DatabaseDescriptor = {
  service: 'gateway',
  database: databaseFor('gateway'),
  entities: [...GATEWAY_ENTITIES, ...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
