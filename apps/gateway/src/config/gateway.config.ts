import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';
import { portalConfigSchema } from '../portal/portal.config.js';

export const gatewayConfigSchema = platformConfig(3000).and(portalConfigSchema);

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
