import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { containersOf, readYamlDocuments, renderKustomization, type Manifest, type Yaml } from './kustomize.js';

/** What the deploy checks read: the repository's deployment files and the code they must agree with. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const repoPath = (...parts: string[]) => path.join(REPO_ROOT, ...parts);
export const K8S_OVERLAYS = ['staging', 'production'] as const;

/** The services: every app with a `main.ts`. */
export const SERVICE_NAMES = readdirSync(repoPath('apps')).filter((name) => {
  try {
    return statSync(repoPath('apps', name, 'src', 'main.ts')).isFile();
  } catch {
    return false;
  }
});

export function renderOverlay(overlay: string): Manifest[] {
  return renderKustomization(repoPath('deploy', 'k8s', 'overlays', overlay));
}

export function renderBase(): Manifest[] {
  return renderKustomization(repoPath('deploy', 'k8s', 'base'));
}

export function readCompose(): Record<string, Yaml> {
  return readYamlDocuments(repoPath('deploy', 'compose', 'compose.yaml'))[0];
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : walk(full, keep);
    return keep(full) ? [full] : [];
  });
}

/** TypeScript sources of the apps and libraries, tests excluded. */
export function sourceFiles(): string[] {
  return ['apps', 'libs', 'tools'].flatMap((group) =>
    walk(
      repoPath(group),
      (f) => f.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f) && f.includes(`${path.sep}src${path.sep}`),
    ),
  );
}

/**
 * The environment variables the services validate at boot: the keys of the zod schemas of each
 * service's config, the base service config, the event bus, the geocoder, and the runtime's.
 */
export function validatedVariables(): Set<string> {
  const files = [
    // Every `*.config.ts` of an app (its config folder, and modules with their own, like the portal).
    ...readdirSync(repoPath('apps')).flatMap((app) =>
      (readdirSync(repoPath('apps', app, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.config.ts')).map((f) => repoPath('apps', app, 'src', f)),
    ),
    repoPath('libs/service-kit/src/config/service-config.ts'),
    repoPath('libs/messaging/src/transport/create-transport.ts'),
    repoPath('libs/geocoding/src/geocoder.config.ts'),
    repoPath('tools/runtime/src/runtime-config.ts'),
  ];
  // Read by Node itself: the V8 flags a deployment gives a service (the publisher's bounded heap).
  const names = new Set<string>(['NODE_OPTIONS']);
  for (const file of files)
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/^\s*([A-Z][A-Z0-9_]{2,}):\s*(?:z\b|[a-z]\w*)/gm)) names.add(name!);
  return names;
}

/** Consumer groups the services register (`.group('…')`, `…_GROUP = '…'`). */
export function consumerGroupsInCode(): string[] {
  const groups = new Set<string>();
  for (const file of sourceFiles().filter((f) => f.includes(`${path.sep}apps${path.sep}`))) {
    const text = readFileSync(file, 'utf8');
    for (const [, group] of text.matchAll(/\.group\('([a-z0-9.-]+)'\)/g)) groups.add(group!);
    for (const [, group] of text.matchAll(/_GROUP = '([a-z0-9.-]+)'/g)) groups.add(group!);
  }
  return [...groups].sort();
}

/** Names of the Prometheus metrics the code registers (`name: 'care_…'`). */
export function metricsInCode(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles())
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/name: '(care_[a-z0-9_]+)'/g)) names.add(name!);
  return names;
}

/** The environment a container gets: its `env` values and the data of the ConfigMaps of its `envFrom`. */
export function containerEnvironment(
  container: Record<string, Yaml>,
  manifests: readonly Manifest[],
  secretValue: (name: string, key: string) => string | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container['envFrom'] ?? []) {
    const name = from.configMapRef?.name;
    const map = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
    if (!map) throw new Error(`envFrom: ConfigMap ${name} is not in the manifests`);
    Object.assign(env, map['data']);
  }
  for (const variable of container['env'] ?? []) {
    if (variable.value !== undefined) env[variable.name] = String(variable.value);
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secretValue(ref.name, ref.key);
      if (value !== undefined) env[variable.name] = value;
    }
  }
  return env;
}

/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}` of a compose file, from an env file's values. */
export function interpolateCompose(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string | undefined) => {
    const set = variables[name];
    if (set !== undefined && set !== '') return set;
    if (kind === '-') return rest ?? '';
    throw new Error(`compose variable ${name} is not set${kind === '?' ? `: ${rest}` : ''}`);
  });
}

export function readEnvFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

/**
 * The variables of `deploy/compose/.env.example` as an operator fills them in: the example leaves
 * the gateway's signing key and the publisher's webhook key empty (a committed key would be a
 * shared secret), so fresh ones are generated here, the PEM on one line with `\n` escapes as in a
 * `.env` file.
 */
export function exampleComposeVariables(): Record<string, string> {
  const variables = readEnvFile(repoPath('deploy/compose/.env.example'));
  variables['GATEWAY_SIGNING_KEY'] ||= (generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
    .trim()
    .replace(/\n/g, '\\n');
  variables['WEBHOOK_SECRET_KEY'] ||= randomBytes(32).toString('base64');
  return variables;
}

/** The `node <file>` a container or compose service runs, if any. */
export function nodeEntry(command: unknown): string | undefined {
  return Array.isArray(command) && command[0] === 'node' && typeof command[1] === 'string' ? command[1] : undefined;
}

export { containersOf };
