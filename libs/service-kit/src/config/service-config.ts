import { z } from 'zod';
import { checkEventBusConfig, eventBusConfigSchema, type EventBusConfig } from '@care/messaging';

/** Raised at boot when the environment does not describe a runnable service. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:$/.test(new URL(value).protocol), 'must be a postgres:// URL');

/** Variables every service reads. Each service extends it with its own. */
export function baseServiceConfig(defaultPort: number) {
  return z.object({
    CARE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The service's own database (database per service). */
    DATABASE_URL: postgresUrl,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Largest JSON body accepted; bigger ones get 413. */
    HTTP_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('1mb'),
  });
}

export type BaseServiceConfig = z.output<ReturnType<typeof baseServiceConfig>>;

/** Base variables plus the event bus: the configuration every service starts from. */
export function platformConfig(defaultPort: number) {
  return baseServiceConfig(defaultPort).extend(eventBusConfigSchema.shape).superRefine(checkEventBusConfig);
}

export type PlatformConfig = BaseServiceConfig & EventBusConfig;

/**
 * Reads and validates the environment. Every problem is reported at once with the variable it
 * concerns, so an operator fixes the deployment in one go.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const given = issue.path.length ? env[String(issue.path[0])] : undefined;
      return given === undefined ? `${variable}: ${issue.message} (not set)` : `${variable}: ${issue.message}`;
    }),
  );
}

export { postgresUrl };
