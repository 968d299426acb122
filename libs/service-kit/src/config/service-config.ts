import { z } from 'zod';
import { ConfigError, loadConfig } from '@care/kernel';
import { checkEventBusConfig, eventBusConfigSchema, type EventBusConfig } from '@care/messaging';

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

export { postgresUrl };

export { ConfigError, loadConfig };
