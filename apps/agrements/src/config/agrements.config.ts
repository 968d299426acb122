import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const agrementsConfigSchema = platformConfig(3003);

export type AgrementsConfig = z.output<typeof agrementsConfigSchema>;

export function loadAgrementsConfig(env: NodeJS.ProcessEnv = process.env): AgrementsConfig {
  return loadConfig(agrementsConfigSchema, env);
}
