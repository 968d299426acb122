import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const careProvidersConfigSchema = platformConfig(3002);

export type CareProvidersConfig = z.output<typeof careProvidersConfigSchema>;

export function loadCareProvidersConfig(env: NodeJS.ProcessEnv = process.env): CareProvidersConfig {
  return loadConfig(careProvidersConfigSchema, env);
}
