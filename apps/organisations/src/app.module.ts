import { type DynamicModule, Module } from '@nestjs/common';
import { ImportRunsController, ServiceModule } from '@care/service-kit';
import type { OrganisationsConfig } from './config/organisations.config.js';
import { ORGANISATIONS_CONFIG } from './config/organisations-config.token.js';
import { CrisisContactsController } from './crisis/crisis-contacts.controller.js';
import { CrisisContactsService } from './crisis/crisis-contacts.service.js';
import { geocoderProvider } from './geocoding/geocoder.provider.js';
import { GeocodingRetryJob } from './geocoding/geocoding-retry.job.js';
import { ImportConflictsController } from './imports/import-conflicts.controller.js';
import { KboInboxScheduler } from './imports/kbo/kbo-inbox.scheduler.js';
import { OrganisationConflictResolver } from './imports/organisation-conflict.resolver.js';
import { OrganisationCommands } from './organisations/organisation.commands.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { ORGANISATIONS_DATABASE } from './persistence/organisations.database.js';
import { ProposalCommands } from './proposals/proposal.commands.js';
import { ProposalsController } from './proposals/proposals.controller.js';
import { ReferenceController } from './reference/reference.controller.js';
import { ReferenceData } from './reference/reference-data.service.js';
import { ReferenceSeeder } from './seed/reference-seeder.js';
import { SiteCommands } from './sites/site.commands.js';
import { SiteContentResolver } from './sites/site-content.resolver.js';
import { SiteQueries } from './sites/site.queries.js';
import { SitesController } from './sites/sites.controller.js';
import { TaxonomyCommands } from './taxonomy/taxonomy.commands.js';
import { TaxonomyController } from './taxonomy/taxonomy.controller.js';

@Module({})
export class AppModule {
  static register(config: OrganisationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: ORGANISATIONS_DATABASE, config, publishesEvents: true })],
      controllers: [SitesController, CrisisContactsController, ProposalsController, OrganisationsController, TaxonomyController, ReferenceController, ImportRunsController, ImportConflictsController],
      providers: [
        { provide: ORGANISATIONS_CONFIG, useValue: config },
        ReferenceData,
        ReferenceSeeder,
        SiteContentResolver,
        SiteCommands,
        SiteQueries,
        CrisisContactsService,
        ProposalCommands,
        OrganisationCommands,
        TaxonomyCommands,
        OrganisationConflictResolver,
        KboInboxScheduler,
        geocoderProvider(config),
        GeocodingRetryJob,
      ],
    };
  }
}
