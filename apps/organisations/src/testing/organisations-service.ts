import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadOrganisationsConfig } from '../config/organisations.config.js';
import { ORGANISATIONS_DATABASE } from '../persistence/organisations.database.js';

export type OrganisationsUnderTest = ServiceUnderTest;

/** The organisations service as it runs, on its own migrated test databases. */
export function startOrganisationsService(label: string, env: NodeJS.ProcessEnv = {}): Promise<OrganisationsUnderTest> {
  return startServiceUnderTest({ name: 'organisations', label, database: ORGANISATIONS_DATABASE, module: (e) => AppModule.register(loadOrganisationsConfig(e)), env });
}
