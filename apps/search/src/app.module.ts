import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { SearchConfig } from './config/search.config.js';
import { SEARCH_DATABASE } from './persistence/search.database.js';

@Module({})
export class AppModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: SEARCH_DATABASE, config, publishesEvents: false })],
    };
  }
}
