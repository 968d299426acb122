import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import { AvailabilityCommands } from './availability/availability.commands.js';
import { AvailabilityController } from './availability/availability.controller.js';
import { AvailabilityQueries } from './availability/availability.queries.js';
import { AuthoritiesController } from './authorities/authorities.controller.js';
import { ReferenceCommands } from './authorities/reference.commands.js';
import { AGREMENTS_CONFIG, type AgrementsConfig } from './config/agrements.config.js';
import { HoldersConsumer } from './holders/holders.consumer.js';
import { AgrementQueries } from './holdings/agrement.queries.js';
import { ExpiryJob } from './holdings/expiry.job.js';
import { HoldingCommands } from './holdings/holding.commands.js';
import { HoldingsController } from './holdings/holdings.controller.js';
import { AGREMENTS_DATABASE } from './persistence/agrements.database.js';
import { ReferenceSeeder } from './seed/reference.seeder.js';

@Module({})
export class AppModule {
  static register(config: AgrementsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: AGREMENTS_DATABASE, config, publishesEvents: true })],
      controllers: [AuthoritiesController, HoldingsController, AvailabilityController],
      providers: [{ provide: AGREMENTS_CONFIG, useValue: config }, ReferenceCommands, HoldingCommands, AgrementQueries, ReferenceSeeder, ExpiryJob, HoldersConsumer, AvailabilityCommands, AvailabilityQueries],
    };
  }
}
