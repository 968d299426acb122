import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const publisherConfigSchema = platformConfig(3005);

export type PublisherConfig = z.output<typeof publisherConfigSchema>;

export function loadPublisherConfig(env: NodeJS.ProcessEnv = process.env): PublisherConfig {
  return loadConfig(publisherConfigSchema, env);
}
