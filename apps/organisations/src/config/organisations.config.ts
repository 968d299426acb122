import type { z } from 'zod';
import { loadConfig } from '@care/kernel';
import { platformConfig } from '@care/service-kit';
import { importSettingsSchema } from './import-settings.config.js';

export const organisationsConfigSchema = platformConfig(3001).and(importSettingsSchema);

export type OrganisationsConfig = z.output<typeof organisationsConfigSchema>;

export function loadOrganisationsConfig(env: NodeJS.ProcessEnv = process.env): OrganisationsConfig {
  return loadConfig(organisationsConfigSchema, env);
}
