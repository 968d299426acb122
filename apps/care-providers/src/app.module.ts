import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { CareProvidersConfig } from './config/care-providers.config.js';
import { CARE_PROVIDERS_DATABASE } from './persistence/care-providers.database.js';

@Module({})
export class AppModule {
  static register(config: CareProvidersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: CARE_PROVIDERS_DATABASE, config, publishesEvents: true })],
    };
  }
}
