import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadAgrementsConfig } from '../config/agrements.config.js';
import { AGREMENTS_DATABASE } from '../persistence/agrements.database.js';

/** The agrements service as it runs, on its own migrated test databases (reference data seeded at boot). */
export function startAgrementsService(label: string): Promise<ServiceUnderTest> {
  return startServiceUnderTest({ name: 'agrements', label, database: AGREMENTS_DATABASE, module: (env) => AppModule.register(loadAgrementsConfig(env)) });
}
