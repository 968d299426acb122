import { type DynamicModule, type InjectionToken, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';
import { HealthController } from './health.controller.js';

@Module({})
export class HealthModule {
  /** `contributors` are tokens of providers implementing HealthContributor, exported by other modules. */
  static forRoot(contributors: InjectionToken[], providers: Provider[] = []): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [...providers, { provide: HEALTH_CONTRIBUTORS, useFactory: (...found: HealthContributor[]) => found, inject: contributors }],
    };
  }
}
