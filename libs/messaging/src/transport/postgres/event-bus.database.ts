import { fileURLToPath } from 'node:url';
import type { DatabaseDescriptor } from '@care/persistence';
import { EVENT_BUS_ENTITIES } from './event-log.entities.js';

/** The bus database of the `postgres` transport (unused with Kafka). */
export const EVENT_BUS_DATABASE: DatabaseDescriptor = {
  service: 'event-bus',
  database: 'care_event_bus',
  entities: EVENT_BUS_ENTITIES,
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../../src/transport/postgres/migrations', import.meta.url)),
};
