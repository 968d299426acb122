import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import client from 'prom-client';
import YAML from 'yaml';
import { applyJsonPatch, containersOf, podSpecOf, readYamlDocuments, renderKustomization, splitImage, type Manifest } from './kustomize.js';
import {
  consumerGroupsInCode,
  interpolateCompose,
  K8S_OVERLAYS,
  metricsInCode,
  nodeEntry,
  readCompose,
  exampleComposeVariables,
  renderBase,
  renderOverlay,
  repoPath,
  SERVICE_NAMES,
  validatedVariables,
} from './deploy-files.js';

/** Series Prometheus itself adds to every target. */
const PROMETHEUS_SERIES = ['up'];

const packageJson = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const runbook = readFileSync(repoPath('docs/operations.md'), 'utf8');

/** Validates one object against the Kubernetes JSON schema of its apiVersion and kind (kubernetes-models, generated from the Kubernetes OpenAPI). */
async function kubernetesSchemaErrors(m: Manifest): Promise<string | null> {
  let model: (new (data: unknown) => { validate(): void }) | undefined;
  try {
    model = (await import(`kubernetes-models/${m.apiVersion}/${m.kind}`))[m.kind];
  } catch {
    return `${m.apiVersion} ${m.kind}: no Kubernetes schema`;
  }
  try {
    new model!(m).validate();
    return null;
  } catch (error) {
    return `${m.kind}/${m.metadata?.name}: ${(error as Error).message}`;
  }
}

// Draft-07 (Ajv's own draft); its `$schema` spells the meta-schema URL in a way Ajv does not know.
const { $schema: _draft, ...composeSchema } = JSON.parse(
  readFileSync(
    path.join(path.dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas', 'compose.schema.json'),
    'utf8',
  ),
);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateCompose = ajv.compile(composeSchema);

/** Whether a label selector (matchLabels, matchExpressions with In/NotIn/Exists) selects these labels. */
function selects(selector: Record<string, any> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector['matchLabels'] ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = ((selector['matchExpressions'] ?? []) as Array<{ key: string; operator: string; values?: string[] }>).every(
    ({ key, operator, values = [] }) =>
      operator === 'In'
        ? values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !values.includes(labels[key]!)
          : operator === 'Exists'
            ? key in labels
            : !(key in labels),
  );
  return byLabels && byExpressions;
}

/** Platform rules every rendered environment must satisfy (beyond the schemas). */
function lint(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const workloads = manifests.filter((m) => podSpecOf(m));
  const deployments = manifests.filter((m) => m.kind === 'Deployment');
  for (const w of workloads) {
    const spec = podSpecOf(w)!;
    const id = `${w.kind}/${w.metadata.name}`;
    if (spec['securityContext']?.runAsNonRoot !== true || !(spec['securityContext']?.runAsUser > 0))
      problems.push(`${id}: pods must run as non-root (runAsNonRoot, runAsUser > 0)`);
    for (const c of containersOf(w)) {
      const image = splitImage(c['image']);
      if (!image.digest && (!image.tag || image.tag === 'latest'))
        problems.push(`${id}/${c['name']}: image ${c['image']} must name a version, not latest`);
      for (const kind of ['requests', 'limits'])
        for (const r of ['cpu', 'memory'])
          if (!c['resources']?.[kind]?.[r]) problems.push(`${id}/${c['name']}: resources.${kind}.${r} missing`);
      if (c['securityContext']?.allowPrivilegeEscalation !== false)
        problems.push(`${id}/${c['name']}: allowPrivilegeEscalation must be false`);
      const file = nodeEntry(c['command']);
      if (!file) problems.push(`${id}/${c['name']}: command must be node <file>`);
      else if (!existsSync(repoPath(file))) problems.push(`${id}/${c['name']}: ${file} does not exist (npm run build)`);
    }
  }
  for (const d of deployments) {
    for (const c of d['spec'].template.spec.containers) {
      const ports = (c['ports'] ?? []).flatMap((p: { name?: string; containerPort: number }) => [p.name, p.containerPort]);
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        const get = c[probe]?.httpGet;
        if (get?.path !== '/health' || !ports.includes(get.port))
          problems.push(`Deployment/${d.metadata.name}: ${probe} must GET /health on a container port`);
      }
    }
    if (!manifests.some((m) => m.kind === 'PodDisruptionBudget' && selects(m['spec'].selector, d['spec'].template.metadata.labels)))
      problems.push(`Deployment/${d.metadata.name}: no PodDisruptionBudget`);
  }
  for (const name of ['care-search', 'care-gateway'])
    if (!manifests.some((m) => m.kind === 'HorizontalPodAutoscaler' && m['spec'].scaleTargetRef.name === name))
      problems.push(`${name}: no HorizontalPodAutoscaler`);

  // Network: a default deny of ingress; only the gateway open to any source; other sources are pods of the namespace or the monitoring namespace.
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  const denyAll = policies.some(
    (p) =>
      Object.keys(p['spec'].podSelector ?? {}).length === 0 &&
      p['spec'].policyTypes?.includes('Ingress') &&
      !(p['spec'].ingress ?? []).length,
  );
  if (!denyAll) problems.push('NetworkPolicy: no default deny of ingress (podSelector {}, policyTypes [Ingress], no rules)');
  for (const d of deployments) {
    const labels = d['spec'].template.metadata.labels as Record<string, string>;
    const gateway = labels['app.kubernetes.io/name'] === 'care-gateway';
    for (const p of policies.filter(
      (policy) => selects(policy['spec'].podSelector, labels) || Object.keys(policy['spec'].podSelector ?? {}).length === 0,
    )) {
      for (const rule of p['spec'].ingress ?? []) {
        const from = (rule.from ?? []) as Array<Record<string, any>>;
        const open = from.length === 0 || from.some((f) => f['ipBlock']);
        if (open && !gateway)
          problems.push(
            `NetworkPolicy/${p.metadata.name}: opens ${d.metadata.name} to any source; only the gateway may be reached from outside`,
          );
        for (const f of from) {
          const ns = f['namespaceSelector'];
          if (ns && ns.matchLabels?.['kubernetes.io/metadata.name'] !== 'monitoring')
            problems.push(`NetworkPolicy/${p.metadata.name}: admits namespaces other than monitoring`);
        }
      }
    }
  }
  return problems;
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  const environments: Array<[string, Manifest[]]> = [
    ['base', renderBase()],
    ...K8S_OVERLAYS.map((o): [string, Manifest[]] => [o, renderOverlay(o)]),
  ];

  it.each(environments)('%s: every object validates against the Kubernetes JSON schema of its kind', async (_name, manifests) => {
    expect(manifests.length).toBeGreaterThan(20);
    const errors = (await Promise.all(manifests.map(kubernetesSchemaErrors))).filter(Boolean);
    expect(errors).toEqual([]);
  });

  it.each(environments)(
    '%s: probes on /health, resources, non-root, versioned images, budgets, autoscaling, network isolation',
    (_name, manifests) => {
      expect(lint(manifests)).toEqual([]);
    },
  );

  it.each(K8S_OVERLAYS)(
    '%s: one Deployment per service running its main.js, in the overlay namespace, with the overlay image',
    (overlay) => {
      const manifests = renderOverlay(overlay);
      const deployments = manifests.filter((m) => m.kind === 'Deployment');
      expect(deployments.map((d) => d['spec'].template.spec.containers[0].command[1]).sort()).toEqual(
        SERVICE_NAMES.map((s) => `apps/${s}/dist/main.js`).sort(),
      );
      expect(new Set(manifests.filter((m) => m.kind !== 'Namespace').map((m) => m.metadata.namespace))).toEqual(
        new Set([`care-${overlay}`]),
      );
      expect(new Set(manifests.flatMap(containersOf).map((c) => c['image']))).toEqual(
        new Set([`registry.example.org/social-brussels-care:${packageJson.version}`]),
      );
    },
  );

  it('configures every service with the variables the code validates, Kafka for events and Elasticsearch for search', () => {
    const known = validatedVariables();
    const manifests = renderOverlay('production');
    const configMaps = manifests.filter((m) => m.kind === 'ConfigMap');
    const unknown = [
      ...configMaps.flatMap((m) => Object.keys(m['data'] ?? {})),
      ...manifests.flatMap(containersOf).flatMap((c) => (c['env'] ?? []).map((e: { name: string }) => e.name)),
    ].filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
    const platform = configMaps.find((m) => m.metadata.name === 'care-platform')!['data'];
    expect(platform).toMatchObject({ EVENT_BUS: 'kafka', HOST: '0.0.0.0', CARE_ENV: 'production' });
    expect(configMaps.find((m) => m.metadata.name === 'care-search')!['data']).toMatchObject({ SEARCH_ENGINE: 'elasticsearch' });
    for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
      const c = d['spec'].template.spec.containers[0];
      expect(c['envFrom']).toContainEqual({ configMapRef: { name: 'care-platform' } });
      expect(c['env'].map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL']));
    }
  });

  it('runs the migrations of every service, the topics of every consumer group and the index bootstrap as jobs', () => {
    const manifests = renderBase();
    const job = (name: string) => manifests.find((m) => m.kind === 'Job' && m.metadata.name === name)!;
    const migrations = containersOf(job('care-db-migrate')).map((c) => c['command'] as string[]);
    expect(migrations.every((command) => command[0] === 'node' && command[2] === 'migrate')).toBe(true);
    expect(migrations.map((command) => command[1]).sort()).toEqual(SERVICE_NAMES.map((s) => `apps/${s}/dist/database.cli.js`).sort());
    const topics = containersOf(job('care-kafka-topics'))[0]!['command'] as string[];
    const groups = topics.flatMap((arg, i) => (topics[i - 1] === '--group' ? [arg] : []));
    expect(groups.sort()).toEqual(consumerGroupsInCode());
    expect(containersOf(job('care-search-index'))[0]!['command']).toEqual(['node', 'apps/search/dist/index-bootstrap.cli.js']);
    const rebuild = manifests.find((m) => m.kind === 'CronJob' && m.metadata.name === 'care-search-rebuild')!;
    expect(rebuild['spec'].suspend).toBe(true);
    expect(containersOf(rebuild)[0]!['command']).toEqual(['node', 'apps/search/dist/rebuild.cli.js']);
  });

  it('references secrets and never commits one; every secret is described in the runbook', () => {
    const files = readdirSync(repoPath('deploy'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    const docs = files.flatMap((f) => readYamlDocuments(repoPath('deploy', f)));
    expect(docs.filter((d) => d?.kind === 'Secret').length).toBe(0);
    const referenced = new Set<string>();
    for (const m of renderOverlay('production')) {
      for (const c of containersOf(m))
        for (const e of c['env'] ?? []) if (e.valueFrom?.secretKeyRef) referenced.add(e.valueFrom.secretKeyRef.name);
      for (const tls of m['spec']?.tls ?? []) referenced.add(tls.secretName);
    }
    expect(referenced.size).toBeGreaterThan(3);
    expect([...referenced].filter((name) => !runbook.includes(`\`${name}\``))).toEqual([]);
  });

  it('refuses what it should: an invalid field, a missing probe, a service opened to the world, an unknown kustomize field', async () => {
    const [deployment] = renderBase().filter((m) => m.kind === 'Deployment' && m.metadata.name === 'care-search') as [Manifest];
    expect(await kubernetesSchemaErrors(applyJsonPatch(deployment, [{ op: 'replace', path: '/spec/replicas', value: 'two' }]))).toMatch(
      /replicas/,
    );
    const noProbe = applyJsonPatch(deployment, [{ op: 'remove', path: '/spec/template/spec/containers/0/livenessProbe' }]);
    expect(lint([noProbe])).toContain('Deployment/care-search: livenessProbe must GET /health on a container port');
    const latest = applyJsonPatch(deployment, [
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'social-brussels-care:latest' },
    ]);
    expect(lint([latest]).join('\n')).toMatch(/not latest/);
    const open: Manifest = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'open' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] },
    };
    expect(lint([deployment, open]).join('\n')).toMatch(/opens care-search to any source/);
    expect(() => renderKustomization(repoPath('tools/deploy/fixtures/unsupported-kustomization'))).toThrow(
      /unsupported field\(s\) commonLabels/,
    );
  });
});

describe('Compose file (deploy/compose)', () => {
  const compose = readCompose();
  const env = exampleComposeVariables();
  const services = compose['services'] as Record<string, Record<string, any>>;
  const environment = (name: string) =>
    Object.fromEntries(Object.entries(services[name]!['environment'] ?? {}).map(([k, v]) => [k, interpolateCompose(String(v), env)]));

  it('validates against the Compose specification schema', () => {
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validateCompose({ ...compose, servics: {} })).toBe(false);
  });

  it('runs PostgreSQL, Kafka in KRaft mode and a single-node Elasticsearch with healthchecks, then one-shot jobs, then the services on them', () => {
    expect(environment('kafka')['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(Object.keys(services).some((s) => /zookeeper/.test(s))).toBe(false);
    expect(environment('elasticsearch')['discovery.type']).toBe('single-node');
    for (const engine of ['postgres', 'kafka', 'elasticsearch']) expect(services[engine]!['healthcheck']?.test).toBeDefined();
    for (const job of ['migrate', 'kafka-topics', 'search-index']) expect(services[job]!['restart']).toBe('no');
    for (const name of SERVICE_NAMES) {
      const service = services[name]!;
      expect(nodeEntry(service['command'])).toBe(`apps/${name}/dist/main.js`);
      expect(service['healthcheck']?.test).toEqual(['CMD', 'node', 'tools/runtime/dist/healthcheck.cli.js']);
      expect(service['depends_on']?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(environment(name)).toMatchObject({
        EVENT_BUS: 'kafka',
        KAFKA_BROKERS: 'kafka:9092',
        HOST: '0.0.0.0',
        DATABASE_URL: expect.stringMatching(new RegExp(`/care_${name.replace(/-/g, '_')}$`)),
      });
    }
    expect(environment('search')).toMatchObject({ SEARCH_ENGINE: 'elasticsearch', ELASTICSEARCH_URL: 'http://elasticsearch:9200' });
    expect(
      Object.entries(services)
        .filter(([, s]) => s['ports'])
        .map(([name]) => name),
    ).toEqual(['gateway']);
  });

  it('uses only variables the code validates, commands that exist after the build, and versioned images', () => {
    const known = validatedVariables();
    const care = Object.entries(services).filter(([, s]) => String(s['image']).startsWith('social-brussels-care'));
    expect(care.length).toBe(SERVICE_NAMES.length + 3);
    expect(care.flatMap(([name]) => Object.keys(environment(name))).filter((v) => !known.has(v))).toEqual([]);
    expect(care.map(([, s]) => nodeEntry(s['command'])).filter((file) => !file || !existsSync(repoPath(file)))).toEqual([]);
    for (const s of Object.values(services)) expect(splitImage(interpolateCompose(String(s['image']), env)).tag).toMatch(/^\d/);
    const topics = services['kafka-topics']!['command'] as string[];
    expect(topics.flatMap((arg, i) => (topics[i - 1] === '--group' ? [arg] : [])).sort()).toEqual(consumerGroupsInCode());
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n').filter((l) => l && !l.startsWith('#'));
  const stages = lines.filter((l) => l.startsWith('FROM '));
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('is multi-stage on the pinned Node.js 24, the version of the node devDependency and engines', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const image = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-[a-z-]+$/m.exec(dockerfile)?.[1];
    expect(image).toBe(packageJson.devDependencies['node']);
    const [major, minor] = image!.split('.').map(Number) as [number, number];
    const [, minMajor, minMinor, below] = /^>=(\d+)\.(\d+)\.\d+ <(\d+)$/.exec(packageJson.engines.node)!.map(Number) as [
      number,
      number,
      number,
      number,
    ];
    expect(major).toBe(24);
    expect(major > minMajor || (major === minMajor && minor >= minMinor)).toBe(true);
    expect(major).toBeLessThan(below);
  });

  it('installs only runtime dependencies in the final stage, runs as a non-root user, and starts a file the build produces', () => {
    expect(finalStage).toMatch(/npm install --omit=dev/);
    const user = /^USER (\S+)$/m.exec(finalStage)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(finalStage)![1]!) as string[];
    expect(cmd).toEqual(['node', 'tools/runtime/dist/start.cli.js']);
    expect(existsSync(repoPath(cmd[1]!))).toBe(true);
    for (const [, from] of finalStage.matchAll(/^COPY --from=build \/app\/(\S+)/gm)) {
      for (const part of from!.split(/\s+/)) expect(existsSync(repoPath(part))).toBe(true);
    }
    for (const name of SERVICE_NAMES) expect(existsSync(repoPath('apps', name, 'dist', 'main.js'))).toBe(true);
  });

  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.data', '.git']));
  });
});

describe('Prometheus alert rules (deploy/prometheus/alerts.yaml)', () => {
  const rules = (
    YAML.parse(readFileSync(repoPath('deploy/prometheus/alerts.yaml'), 'utf8')) as {
      groups: Array<{ name: string; rules: Array<Record<string, any>> }>;
    }
  ).groups.flatMap((g) => g.rules);

  it('names, severities, summaries and expressions on metrics that exist', async () => {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ prefix: 'care_', register: registry });
    const known = new Set([
      ...metricsInCode(),
      ...(await registry.getMetricsAsJSON()).map((m) => m.name),
      ...PROMETHEUS_SERIES,
    ]);
    expect(rules.length).toBeGreaterThan(8);
    const unknown: string[] = [];
    for (const rule of rules) {
      expect(rule).toMatchObject({
        alert: expect.stringMatching(/^Care[A-Z]\w+$/),
        expr: expect.any(String),
        labels: { severity: expect.stringMatching(/^(warning|critical)$/) },
        annotations: { summary: expect.any(String) },
      });
      const metrics = [...String(rule['expr']).matchAll(/\b(care_[a-z0-9_]+|up)\b(?=\s*[{[)>=<!]|\s*$)/g)].map((m) =>
        m[1]!.replace(/_(bucket|count|sum)$/, ''),
      );
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics) if (!known.has(metric)) unknown.push(`${rule['alert']}: ${metric}`);
    }
    expect(unknown).toEqual([]);
  });

  it('has every alert explained in the runbook', () => {
    expect(rules.map((r) => r['alert']).filter((name) => !runbook.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('Runbook (docs/operations.md)', () => {
  it('gives only commands that exist: npm scripts of package.json and node entry points of the build', () => {
    const scripts = [...runbook.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!);
    expect(scripts).toEqual(expect.arrayContaining(['search:rebuild', 'events:replay', 'events:topics', 'db:migrate']));
    expect(scripts.filter((s) => !(s in packageJson.scripts))).toEqual([]);
    const entries = [...runbook.matchAll(/node ((?:apps|libs|tools)\/[\w./-]+\.js)/g)].map((m) => m[1]!);
    expect(entries.length).toBeGreaterThan(3);
    expect(entries.filter((file) => !existsSync(repoPath(file)))).toEqual([]);
  });
});
