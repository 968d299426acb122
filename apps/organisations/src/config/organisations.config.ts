import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const organisationsConfigSchema = platformConfig(3001);

export type OrganisationsConfig = z.output<typeof organisationsConfigSchema>;

export function loadOrganisationsConfig(env: NodeJS.ProcessEnv = process.env): OrganisationsConfig {
  return loadConfig(organisationsConfigSchema, env);
}
