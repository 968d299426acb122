import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { AgrementsConfig } from './config/agrements.config.js';
import { AGREMENTS_DATABASE } from './persistence/agrements.database.js';

@Module({})
export class AppModule {
  static register(config: AgrementsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: AGREMENTS_DATABASE, config, publishesEvents: true })],
    };
  }
}
