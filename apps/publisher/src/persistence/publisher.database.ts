import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';
import { FEED_ENTITIES } from './entities/feed.entities.js';
import { WEBHOOK_ENTITIES } from './entities/webhook.entities.js';

/** The publisher database: its entities and committed migrations. */
export const PUBLISHER_DATABASE: DatabaseDescriptor = {
  service: 'publisher',
  database: databaseFor('publisher'),
  entities: [...MESSAGING_ENTITIES, ...FEED_ENTITIES, ...WEBHOOK_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
