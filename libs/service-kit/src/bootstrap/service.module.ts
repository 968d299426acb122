import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { HealthContributor } from '../health/health-contributor.js';
import type { DatabaseDescriptor } from '@care/persistence';
import type { EventBusConfig } from '@care/messaging';
import { loggingModule } from '../logging/logging.module.js';
import { DatabaseHealth, OrmModule } from '../persistence/orm.module.js';
import { EventBusHealth, EventsModule } from '../events/events.module.js';
import { HealthModule } from '../health/health.module.js';
import { MetricsController } from '../metrics/metrics.js';
import type { PlatformConfig } from '../config/service-config.js';

export interface ServiceModuleOptions {
  database: DatabaseDescriptor;
  config: PlatformConfig & EventBusConfig;
  /** The service publishes events (runs an outbox relay). */
  publishesEvents: boolean;
  /** More HealthContributor classes for `/health` (their dependencies must be global providers). */
  health?: Array<Type<HealthContributor>>;
}

/** What every service has: logs, its database, the event bus, `/health` and `/metrics`. */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    const { config, database } = options;
    return {
      module: ServiceModule,
      imports: [
        loggingModule(database.service, config.LOG_LEVEL),
        OrmModule.forRoot({
          service: database.service,
          databaseUrl: config.DATABASE_URL,
          entities: database.entities,
          migrationsDir: database.migrationsDir,
          poolMax: config.DATABASE_POOL_MAX,
        }),
        EventsModule.forRoot({ service: database.service, bus: config, databaseUrl: config.DATABASE_URL, relay: options.publishesEvents }),
        HealthModule.forRoot([DatabaseHealth, EventBusHealth, ...(options.health ?? [])], options.health ?? []),
      ],
      controllers: [MetricsController],
    };
  }
}
