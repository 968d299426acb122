import { ConfigError } from '@care/service-kit';
import { assertDevelopment } from '../identity/dev-identity.js';
import { loadGatewayConfig } from './gateway.config.js';

const upstreams = {
  ORGANISATIONS_URL: 'http://127.0.0.1:3001',
  CARE_PROVIDERS_URL: 'http://127.0.0.1:3002',
  AGREMENTS_URL: 'http://127.0.0.1:3003',
  SEARCH_URL: 'http://127.0.0.1:3004',
  PUBLISHER_URL: 'http://127.0.0.1:3005/',
  DATABASE_URL: 'postgres://u@127.0.0.1/care_gateway',
  EVENT_BUS_DATABASE_URL: 'postgres://u@127.0.0.1/care_event_bus',
};
const production = {
  ...upstreams,
  CARE_ENV: 'production',
  OIDC_ISSUER: 'https://login.example.brussels/realms/care',
  OIDC_JWKS_URL: 'https://login.example.brussels/realms/care/protocol/openid-connect/certs',
  GATEWAY_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
  GATEWAY_PUBLIC_URL: 'https://api.social.brussels',
};

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadGatewayConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('gateway configuration', () => {
  it('reads the five upstream URLs (trailing slash dropped) and turns the development identity provider on in development', () => {
    const config = loadGatewayConfig(upstreams);
    expect(config.upstreams).toEqual({ organisations: 'http://127.0.0.1:3001', 'care-providers': 'http://127.0.0.1:3002', agrements: 'http://127.0.0.1:3003', search: 'http://127.0.0.1:3004', publisher: 'http://127.0.0.1:3005' });
    expect(config.DEV_IDENTITY_PROVIDER).toBe(true);
  });

  it('refuses to start without an upstream URL, naming it', () => {
    const { SEARCH_URL: _omitted, ...rest } = upstreams;
    expect(problems(rest)).toEqual([expect.stringContaining('SEARCH_URL')]);
    expect(problems({ ...upstreams, AGREMENTS_URL: 'ftp://x' })).toEqual([expect.stringContaining('AGREMENTS_URL')]);
  });

  it('refuses the development identity provider in production, and requires the OIDC provider and the signing key there', () => {
    expect(problems(production)).toEqual([]);
    expect(loadGatewayConfig(production).DEV_IDENTITY_PROVIDER).toBe(false);
    expect(problems({ ...production, DEV_IDENTITY_PROVIDER: 'true' })).toEqual([expect.stringMatching(/^DEV_IDENTITY_PROVIDER: the development identity provider cannot run with CARE_ENV=production/)]);
    const { OIDC_ISSUER: _i, OIDC_JWKS_URL: _j, GATEWAY_SIGNING_KEY: _k, ...bare } = production;
    expect(problems(bare).map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['OIDC_ISSUER', 'OIDC_JWKS_URL', 'GATEWAY_SIGNING_KEY']));
  });

  it('reads a signing key written on one line with \\n escapes (a .env file) as the PEM it stands for', () => {
    const config = loadGatewayConfig({ ...production, GATEWAY_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----' });
    expect(config.GATEWAY_SIGNING_KEY).toBe(production.GATEWAY_SIGNING_KEY);
  });

  it('has the development identity provider itself refuse production, whatever the configuration said', () => {
    expect(() => assertDevelopment({ CARE_ENV: 'production' })).toThrow(/refuses to start with CARE_ENV=production/);
    expect(() => assertDevelopment({ CARE_ENV: 'development' })).not.toThrow();
  });
});
