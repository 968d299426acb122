import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * Parsed YAML, read loosely: the Kubernetes and Compose schemas are what check its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Yaml = any;

/** A Kubernetes object as read from YAML. */
export type Manifest = Record<string, Yaml> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
};

interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The kustomization fields this renderer applies; any other field is refused, never ignored. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'replicas', 'patches']);
/** Kinds that live outside namespaces (kustomize's `namespace` leaves them alone). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
]);

/** Every document of a YAML file (empty documents dropped). */
export function readYamlDocuments(file: string): Yaml[] {
  return YAML.parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS();
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

/**
 * Renders a kustomization directory the way `kustomize build` does for the subset of fields the
 * platform's overlays use: `resources` (files, or directories with their own kustomization),
 * `namespace`, `images` (newName, newTag, digest), `replicas`, and `patches` given as JSON 6902
 * operations with a `target` kind and name. A field outside that subset is an error, so an overlay
 * cannot silently render differently here than in kustomize.
 */
export function renderKustomization(dir: string): Manifest[] {
  const file = ['kustomization.yaml', 'kustomization.yml'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [k] = readYamlDocuments(file) as [Record<string, Yaml>];
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new Error(`${file}: unsupported field(s) ${unknown.join(', ')} (supported: ${[...SUPPORTED].join(', ')})`);
  if (k['kind'] !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  let manifests: Manifest[] = [];
  for (const resource of (k['resources'] ?? []) as string[]) {
    const target = path.resolve(dir, resource);
    if (!existsSync(target)) throw new Error(`${file}: resource ${resource} does not exist`);
    manifests.push(...(statSync(target).isDirectory() ? renderKustomization(target) : (readYamlDocuments(target) as Manifest[])));
  }

  for (const patch of (k['patches'] ?? []) as Array<{ path?: string; patch?: string; target?: { kind?: string; name?: string } }>) {
    if (!patch.target?.kind || !patch.target.name) throw new Error(`${file}: every patch needs a target kind and name`);
    const operations = (
      patch.path ? readYamlDocuments(path.resolve(dir, patch.path))[0] : YAML.parse(patch.patch ?? '')
    ) as JsonPatchOperation[];
    if (!Array.isArray(operations)) throw new Error(`${file}: patch ${patch.path ?? ''} must be a list of JSON 6902 operations`);
    const matches = manifests.filter((m) => m.kind === patch.target!.kind && m.metadata.name === patch.target!.name);
    if (matches.length !== 1)
      throw new Error(`${file}: patch target ${patch.target.kind}/${patch.target.name} matches ${matches.length} resources`);
    manifests = manifests.map((m) =>
      m === matches[0] ? applyJsonPatch(m, operations, `${file} → ${patch.target!.kind}/${patch.target!.name}`) : m,
    );
  }

  for (const { name, count } of (k['replicas'] ?? []) as Array<{ name: string; count: number }>) {
    const targets = manifests.filter((m) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(m.kind) && m.metadata.name === name);
    if (targets.length === 0) throw new Error(`${file}: replicas for ${name}, which is not a workload here`);
    for (const t of targets) t['spec'].replicas = count;
  }

  for (const image of (k['images'] ?? []) as Array<{ name: string; newName?: string; newTag?: string; digest?: string }>) {
    for (const container of manifests.flatMap(containersOf)) {
      const { name: current } = splitImage(container.image);
      if (current !== image.name) continue;
      const { tag } = splitImage(container.image);
      const name = image.newName ?? current;
      container.image = image.digest ? `${name}@${image.digest}` : `${name}:${image.newTag ?? tag}`;
    }
  }

  if (k['namespace']) for (const m of manifests) if (!CLUSTER_SCOPED.has(m.kind)) m.metadata = { ...m.metadata, namespace: k['namespace'] };
  return manifests;
}

export function splitImage(image: string): { name: string; tag: string | null; digest: string | null } {
  const [withTag, digest] = image.split('@') as [string, string | undefined];
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  return colon > slash
    ? { name: withTag.slice(0, colon), tag: withTag.slice(colon + 1), digest: digest ?? null }
    : { name: withTag, tag: null, digest: digest ?? null };
}

/** The pod template of a workload (Deployment, Job, CronJob…), or undefined. */
export function podSpecOf(m: Manifest): Record<string, Yaml> | undefined {
  if (m.kind === 'CronJob') return m['spec']?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(m.kind)) return m['spec']?.template?.spec;
  if (m.kind === 'Pod') return m['spec'];
  return undefined;
}

/** Containers and init containers of a workload. */
export function containersOf(m: Manifest): Array<Record<string, Yaml>> {
  const spec = podSpecOf(m);
  return spec ? [...(spec['initContainers'] ?? []), ...(spec['containers'] ?? [])] : [];
}

/** Applies RFC 6902 `add`, `replace` and `remove` to a copy of `doc`. */
export function applyJsonPatch<T>(doc: T, operations: readonly JsonPatchOperation[], where = 'patch'): T {
  const copy = structuredClone(doc) as Yaml;
  for (const { op, path: pointer, value } of operations) {
    const keys = pointer
      .split('/')
      .slice(1)
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`${where}: cannot ${op} the whole document`);
    let parent = copy;
    for (const key of keys) {
      if (parent === null || typeof parent !== 'object' || !(key in parent)) throw new Error(`${where}: ${pointer} does not exist`);
      parent = parent[key];
    }
    const isArray = Array.isArray(parent);
    const index = isArray ? (last === '-' ? parent.length : Number(last)) : -1;
    if (op === 'add') {
      if (isArray) parent.splice(index, 0, value);
      else parent[last] = value;
      continue;
    }
    if (!(isArray ? index >= 0 && index < parent.length : last in parent)) throw new Error(`${where}: ${pointer} does not exist (${op})`);
    if (op === 'replace') parent[isArray ? index : last] = value;
    else if (op === 'remove') {
      if (isArray) parent.splice(index, 1);
      else delete parent[last];
    } else throw new Error(`${where}: unsupported operation ${String(op)}`);
  }
  return copy;
}
