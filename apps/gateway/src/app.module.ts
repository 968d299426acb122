import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { GatewayConfig } from './config/gateway.config.js';
import { GATEWAY_DATABASE } from './persistence/gateway.database.js';
import { PortalModule } from './portal/portal.module.js';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: GATEWAY_DATABASE, config, publishesEvents: false }), PortalModule.register(config)],
    };
  }
}
