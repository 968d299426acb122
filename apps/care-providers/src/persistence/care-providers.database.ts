import { fileURLToPath } from 'node:url';
import { IMPORT_ENTITIES } from '@care/imports';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { CobrhaStagingEntity } from '../imports/cobrha/cobrha-staging.entity.js';
import { CareProviderEntity, LinkedSiteEntity, PracticeEntity } from './entities/care-provider.entity.js';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';

/** The care-providers database: its entities and committed migrations. */
export const CARE_PROVIDERS_DATABASE: DatabaseDescriptor = {
  service: 'care-providers',
  database: databaseFor('care-providers'),
  entities: [CareProviderEntity, PracticeEntity, LinkedSiteEntity, CobrhaStagingEntity, ...IMPORT_ENTITIES, ...MESSAGING_ENTITIES],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
