import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { checkDatabase, openServiceOrm, UnitOfWork, type ServiceOrmOptions } from '@care/persistence';
import type { HealthContributor, HealthReport } from '../health/health-contributor.js';

@Injectable()
export class DatabaseHealth implements HealthContributor {
  readonly healthKey = 'database';
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}
  health(): Promise<HealthReport> {
    return checkDatabase(this.orm);
  }
}

@Injectable()
class OrmLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}
  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}

/**
 * The service's MikroORM instance. Use cases inject `EntityManager` (the root one) and work on
 * `em.fork()` or `em.transactional(...)`: the global context is disabled on purpose.
 */
@Global()
@Module({})
export class OrmModule {
  static forRoot(options: ServiceOrmOptions): DynamicModule {
    return {
      module: OrmModule,
      providers: [
        { provide: MikroORM, useFactory: () => openServiceOrm(options) },
        { provide: EntityManager, useFactory: (orm: MikroORM) => orm.em, inject: [MikroORM] },
        DatabaseHealth,
        OrmLifecycle,
        { provide: UnitOfWork, useFactory: (em: EntityManager) => new UnitOfWork(em), inject: [EntityManager] },
      ],
      exports: [MikroORM, EntityManager, DatabaseHealth, UnitOfWork],
    };
  }
}
