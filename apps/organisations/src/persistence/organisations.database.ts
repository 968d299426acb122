import { fileURLToPath } from 'node:url';
import { IMPORT_ENTITIES } from '@care/imports';
import { MESSAGING_ENTITIES } from '@care/messaging';
import { KBO_MIRROR_ENTITIES } from '../imports/kbo/kbo-mirror.entities.js';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';
import { OrganisationEntity } from './entities/organisation.entity.js';
import { SiteContactsEntity, SiteEntity, SiteVerificationEntity } from './entities/site.entity.js';
import { SiteProposalEntity } from '../proposals/site-proposal.entity.js';
import { CategoryEntity, ReferenceItemEntity, ReferenceListVersionEntity, RubriqueEntity, SectorEntity, TaxonomyChangeEntity } from './entities/taxonomy.entity.js';

/** The organisations database: its entities and committed migrations. */
export const ORGANISATIONS_DATABASE: DatabaseDescriptor = {
  service: 'organisations',
  database: databaseFor('organisations'),
  entities: [
    SiteEntity,
    SiteVerificationEntity,
    SiteContactsEntity,
    SiteProposalEntity,
    OrganisationEntity,
    SectorEntity,
    RubriqueEntity,
    CategoryEntity,
    TaxonomyChangeEntity,
    ReferenceItemEntity,
    ReferenceListVersionEntity,
    ...KBO_MIRROR_ENTITIES,
    ...IMPORT_ENTITIES,
    ...MESSAGING_ENTITIES,
  ],
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  migrationsSourceDir: fileURLToPath(new URL('../../src/migrations', import.meta.url)),
};
