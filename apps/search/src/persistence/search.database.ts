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
  // Schema `search` (Migration20261123093000, Migration20261202020000): the projection and the PostgreSQL engine's documents.
  // (MikroORM compares bare table names; none of these exists in `public`.)
  unmanagedTables: [/^(generation|source|dirty|progress|term|document|document_removed|document_g\d+|authority_record|authority_saved)$/],
};
