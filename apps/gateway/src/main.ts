import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadGatewayConfig } from './config/gateway.config.js';

await main(() => {
  const config = loadGatewayConfig();
  return {
    name: 'gateway',
    description: 'Public front door of the platform: routing, identity, authorisation, the citizen portal.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
