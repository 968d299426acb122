import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadAgrementsConfig } from './config/agrements.config.js';

await main(() => {
  const config = loadAgrementsConfig();
  return {
    name: 'agrements',
    description: 'Accrediting authorities, agrément types and holdings with validity and capacity.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
