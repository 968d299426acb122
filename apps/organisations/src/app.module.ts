import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { OrganisationsConfig } from './config/organisations.config.js';
import { ORGANISATIONS_DATABASE } from './persistence/organisations.database.js';

@Module({})
export class AppModule {
  static register(config: OrganisationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: ORGANISATIONS_DATABASE, config, publishesEvents: true })],
    };
  }
}
