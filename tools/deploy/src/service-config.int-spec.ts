import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  containerEnvironment,
  interpolateCompose,
  readCompose,
  exampleComposeVariables,
  renderOverlay,
  repoPath,
  SERVICE_NAMES,
  K8S_OVERLAYS,
} from './deploy-files.js';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const webhookKey = randomBytes(32).toString('base64');

/** What a secret would hold, for the configuration check (real secrets are never in the repository). */
function placeholderSecret(name: string, key: string): string | undefined {
  if (name === 'care-gateway-signing-key' && key === 'pem') return signingKey;
  if (name === 'care-publisher-webhook-key' && key === 'key') return webhookKey;
  const database = /^care-(.+)-database$/.exec(name);
  if (database && key === 'url')
    return `postgres://care:placeholder@postgres.example.internal:5432/care_${database[1]!.replace(/-/g, '_')}`;
  return undefined; // optional secrets (Kafka SASL, Elasticsearch API key) may be absent
}

/** Boots nothing: the service validates its environment as at start (`--check-config`) and exits. */
function checkConfig(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [repoPath('apps', service, 'dist', 'main.js'), '--check-config'], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 60_000,
  });
}

describe('deployment configuration accepted by each service (--check-config)', () => {
  const cases: Array<[string, string, Record<string, string>]> = [];
  // Production (staging differs in values, not in variables: its names are checked by manifests.spec).
  for (const overlay of K8S_OVERLAYS.filter((o) => o === 'production')) {
    const manifests = renderOverlay(overlay);
    for (const service of SERVICE_NAMES) {
      const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === `care-${service}`)!;
      cases.push([
        `k8s ${overlay}`,
        service,
        containerEnvironment(deployment['spec'].template.spec.containers[0], manifests, placeholderSecret),
      ]);
    }
  }
  const compose = readCompose();
  const variables = exampleComposeVariables();
  for (const service of SERVICE_NAMES) {
    const environment = compose['services'][service]['environment'] as Record<string, unknown>;
    cases.push([
      'compose',
      service,
      Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolateCompose(String(v), variables)])),
    ]);
  }

  it.each(cases)('%s: %s starts with this environment', (_where, service, env) => {
    const result = checkConfig(service, env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`${service}: configuration valid`);
    expect(result.status).toBe(0);
  });

  it('and would refuse it without its database or with Kafka but no brokers, naming the variable', () => {
    const [, , env] = cases.find(([where, service]) => where === 'k8s production' && service === 'search')!;
    const { DATABASE_URL: _database, ...withoutDatabase } = env;
    const missing = checkConfig('search', withoutDatabase);
    expect(missing.status).toBe(78);
    expect(missing.stderr).toContain('DATABASE_URL');
    const { KAFKA_BROKERS: _brokers, ...withoutBrokers } = env;
    const noBrokers = checkConfig('search', withoutBrokers);
    expect(noBrokers.status).toBe(78);
    expect(noBrokers.stderr).toContain('KAFKA_BROKERS');
  });
});
