import { type DynamicModule, Module } from '@nestjs/common';
import { ImportRunsController, ServiceModule } from '@care/service-kit';
import type { CareProvidersConfig } from './config/care-providers.config.js';
import { CARE_PROVIDERS_DATABASE } from './persistence/care-providers.database.js';
import { loadProfessions } from './professions/professions.provider.js';
import { PROFESSIONS } from './professions/professions.token.js';
import { ProviderCommands } from './providers/provider.commands.js';
import { ProviderQueries } from './providers/provider.queries.js';
import { ProvidersController } from './providers/providers.controller.js';
import { SiteLinksConsumer } from './site-links/site-links.consumer.js';

@Module({})
export class AppModule {
  static register(config: CareProvidersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: CARE_PROVIDERS_DATABASE, config, publishesEvents: true })],
      controllers: [ProvidersController, ImportRunsController],
      providers: [{ provide: PROFESSIONS, useFactory: loadProfessions }, ProviderCommands, ProviderQueries, SiteLinksConsumer],
    };
  }
}
