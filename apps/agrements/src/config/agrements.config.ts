import { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const agrementsConfigSchema = platformConfig(3003).and(
  z.object({
    /** How often the expiry job looks for holdings whose end date passed (it is idempotent). */
    AGREMENTS_EXPIRY_CHECK_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
  }),
);

export type AgrementsConfig = z.output<typeof agrementsConfigSchema>;

export function loadAgrementsConfig(env: NodeJS.ProcessEnv = process.env): AgrementsConfig {
  return loadConfig(agrementsConfigSchema, env);
}

/** Injection token of the validated agrements configuration. */
export const AGREMENTS_CONFIG = Symbol('AGREMENTS_CONFIG');
