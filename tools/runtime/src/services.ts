import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceSpec {
  name: string;
  /** Default port; the gateway's is the platform's public port. */
  port: number;
  /**
   * V8 flags of the service (NODE_OPTIONS), as its deployments set them: the publisher streams
   * exports and feed pages, and a bounded heap keeps its memory flat (docs/benchmarks.md).
   */
  nodeOptions?: string;
}

/** The six services, in start order (the gateway last: it fronts the others). */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'organisations', port: 3001 },
  { name: 'care-providers', port: 3002 },
  { name: 'agrements', port: 3003 },
  { name: 'search', port: 3004 },
  { name: 'publisher', port: 3005, nodeOptions: '--max-semi-space-size=8 --max-old-space-size=192' },
  { name: 'gateway', port: 3000 },
];

/** Services with a `demo.cli.js` that loads their demo data once, in this order. */
export const DEMO_SERVICES: readonly string[] = ['organisations', 'care-providers', 'agrements', 'search'];

export const serviceEntry = (name: string) => path.join(REPO_ROOT, 'apps', name, 'dist', 'main.js');
export const serviceCli = (name: string, script: string) => path.join(REPO_ROOT, 'apps', name, 'dist', script);
export const serviceDatabaseCli = (name: string) => serviceCli(name, 'database.cli.js');
/** Database of a service (or of the bus, `event-bus`) on the platform's server. */
export const databaseOf = (name: string, prefix = 'care_') => `${prefix}${name.replace(/-/g, '_')}`;
