import { main } from '@care/service-kit';
import { AppModule } from './app.module.js';
import { loadOrganisationsConfig } from './config/organisations.config.js';

await main(() => {
  const config = loadOrganisationsConfig();
  return {
    name: 'organisations',
    description: 'Legal entities, activity sites (fiches), the bilingual thematic tree and the editorial workflow.',
    module: AppModule.register(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimit: config.HTTP_BODY_LIMIT,
  };
});
