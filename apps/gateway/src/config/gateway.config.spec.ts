import { ConfigError } from '@care/service-kit';
import { loadGatewayConfig } from './gateway.config.js';

const env = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/care_gateway',
  EVENT_BUS_DATABASE_URL: 'postgres://u:p@localhost:5432/care_event_bus',
  ORGANISATIONS_URL: 'http://127.0.0.1:3001/',
  CARE_PROVIDERS_URL: 'http://127.0.0.1:3002',
  AGREMENTS_URL: 'http://127.0.0.1:3003',
  SEARCH_URL: 'http://127.0.0.1:3004',
};

describe('gateway configuration (portal upstreams)', () => {
  it('reads the service URLs the runtime passes, without a trailing slash', () => {
    expect(loadGatewayConfig(env)).toMatchObject({ ORGANISATIONS_URL: 'http://127.0.0.1:3001', SEARCH_URL: 'http://127.0.0.1:3004', PORTAL_UPSTREAM_TIMEOUT_MS: 5_000 });
  });

  it('names a missing or invalid service URL at boot', () => {
    const { SEARCH_URL: _, ...withoutSearch } = env;
    let problems: string[] = [];
    try {
      loadGatewayConfig({ ...withoutSearch, AGREMENTS_URL: 'ftp://agrements' });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['AGREMENTS_URL', 'SEARCH_URL']);
  });
});
