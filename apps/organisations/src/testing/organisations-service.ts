import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadOrganisationsConfig } from '../config/organisations.config.js';
import { ORGANISATIONS_DATABASE } from '../persistence/organisations.database.js';

export type OrganisationsUnderTest = ServiceUnderTest;

/**
 * The organisations service as it runs, on its own migrated test databases. Requests are made as
 * the back office (`x-care-audience: internal`, as the gateway sets it for staff) unless a test
 * gives its own `x-care-*` headers.
 */
export async function startOrganisationsService(label: string, env: NodeJS.ProcessEnv = {}): Promise<OrganisationsUnderTest> {
  const service = await startServiceUnderTest({ name: 'organisations', label, database: ORGANISATIONS_DATABASE, module: (e) => AppModule.register(loadOrganisationsConfig(e)), env });
  const request = service.request;
  return {
    ...service,
    request: (method, path, body, headers = {}) => request(method, path, body, Object.keys(headers).some((h) => h.startsWith('x-care-audience')) ? headers : { 'x-care-audience': 'internal', ...headers }),
  };
}
