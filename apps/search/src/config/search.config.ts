import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const searchConfigSchema = platformConfig(3004);

export type SearchConfig = z.output<typeof searchConfigSchema>;

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  return loadConfig(searchConfigSchema, env);
}
