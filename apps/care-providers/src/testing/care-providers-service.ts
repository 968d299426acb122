import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadCareProvidersConfig } from '../config/care-providers.config.js';
import { CARE_PROVIDERS_DATABASE } from '../persistence/care-providers.database.js';

export type CareProvidersUnderTest = ServiceUnderTest;

/** The care-providers service as it runs, on its own migrated test databases. */
export function startCareProvidersService(label: string): Promise<CareProvidersUnderTest> {
  return startServiceUnderTest({ name: 'care-providers', label, database: CARE_PROVIDERS_DATABASE, module: (env) => AppModule.register(loadCareProvidersConfig(env)) });
}
