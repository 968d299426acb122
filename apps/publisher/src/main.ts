import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadPublisherConfig } from './config/publisher.config.js';

await main(() => {
  const config = loadPublisherConfig();
  return {
    name: 'publisher',
    description: 'Authentic-source change feed, point-in-time reads, open-data exports, HSDS 3.0 and push to integrators.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
