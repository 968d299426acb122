import type { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const gatewayConfigSchema = platformConfig(3000);

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
