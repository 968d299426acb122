import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { renderKustomization } from './kustomize.js';

/**
 * `npm run deploy:render -- <overlay>` prints the manifests of `deploy/k8s/overlays/<overlay>` as
 * kustomize renders them (the subset of kustomize the overlays use; see kustomize.ts), e.g. to
 * review a change or `| kubectl apply -f -` where kustomize is not at hand.
 */
const overlay = process.argv[2];
if (!overlay || !/^[a-z0-9-]+$/.test(overlay)) {
  process.stderr.write('usage: npm run deploy:render -- <overlay> (staging, production)\n');
  process.exit(64);
}
const dir = fileURLToPath(new URL(`../../../deploy/k8s/overlays/${overlay}`, import.meta.url));
const manifests = renderKustomization(path.resolve(dir));
process.stdout.write(manifests.map((m) => YAML.stringify(m, { lineWidth: 0 })).join('---\n'));
