import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT, SERVICES } from './services.js';
import type { PlatformOptions } from './platform.js';

const port = z.coerce.number().int().min(1).max(65535);

/** Environment of `npm start`; every variable is optional and documented in the README. */
const runtimeEnvironment = z.object({
  DATABASE_URL: z.string().url().optional(),
  CARE_DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.data')),
  EMBEDDED_PG_PORT: port.default(54329),
  CARE_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port.default(3000),
  /** First port of the five internal services (gateway excluded): base, base+1, … */
  SERVICES_PORT_BASE: port.default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `false` starts an empty directory (reference lists and thematic tree only). */
  CARE_DEMO_DATA: z.stringbool().default(true),
  /** Databases are `<prefix><service>` (care_organisations, care_event_bus, …) on the platform's server. */
  CARE_DATABASE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/).default('care_'),
});

export function runtimeOptions(env: NodeJS.ProcessEnv = process.env): PlatformOptions {
  const parsed = runtimeEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const config = parsed.data;
  const ports: Record<string, number> = {};
  let next = config.SERVICES_PORT_BASE;
  for (const service of SERVICES) ports[service.name] = service.name === 'gateway' ? config.GATEWAY_PORT : next++;
  return {
    serverUrl: config.DATABASE_URL,
    dataDir: config.CARE_DATA_DIR,
    embeddedPort: config.EMBEDDED_PG_PORT,
    durable: true,
    databasePrefix: config.CARE_DATABASE_PREFIX,
    demoData: config.CARE_DEMO_DATA,
    ports,
    host: config.CARE_HOST,
    logLevel: config.LOG_LEVEL,
    logDir: path.join(config.CARE_DATA_DIR, 'logs'),
  };
}
