import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadSearchConfig } from './config/search.config.js';

await main(() => {
  const config = loadSearchConfig();
  return {
    name: 'search',
    description: 'Bilingual full-text, geographic and faceted search over sites and care providers.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
