import type { ServiceDefinition } from '@care/service-kit';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway.config.js';
import { setupGatewayEdge } from './gateway-edge.setup.js';

/** The gateway as a service: bodies are streamed, not parsed (see EdgeMiddleware); the OpenAPI is the aggregated one. */
export function gatewayDefinition(config: GatewayConfig): ServiceDefinition {
  return {
    name: 'gateway',
    description: 'Public front door of the platform: routing, identity, authorisation, the citizen portal.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
    jsonBody: false,
    openApi: false,
    configure: setupGatewayEdge,
  };
}
