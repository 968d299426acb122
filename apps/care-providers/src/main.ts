import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadCareProvidersConfig } from './config/care-providers.config.js';

await main(() => {
  const config = loadCareProvidersConfig();
  return {
    name: 'care-providers',
    description: 'Independent care providers registered at INAMI/RIZIV and their practices.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
