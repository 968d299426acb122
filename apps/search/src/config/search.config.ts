import { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

export const searchConfigSchema = platformConfig(3004)
  .and(
    z.object({
      /** `postgres` (default: the search database itself) or `elasticsearch`. */
      SEARCH_ENGINE: z.enum(['postgres', 'elasticsearch']).default('postgres'),
      ELASTICSEARCH_URL: z.url({ protocol: /^https?$/ }).optional(),
      ELASTICSEARCH_API_KEY: z.string().min(1).optional(),
      /** Indices are `<prefix>-g<generation>`; aliases `<prefix>` (read) and `<prefix>-write`. */
      ELASTICSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,60}$/).default('care-search'),
      /** Shards and replicas of each new generation's index (the index template): 1 and 0 suit one node; a cluster of three wants replicas 1. */
      ELASTICSEARCH_SHARDS: z.coerce.number().int().min(1).max(64).default(1),
      ELASTICSEARCH_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
      /** Connections of the PostgreSQL engine's query pool. */
      SEARCH_POOL_MAX: z.coerce.number().int().min(1).max(100).default(8),
      /** Authority exports running at once, each in its own process (ADR 0012); the others wait. */
      AUTHORITY_EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    }),
  )
  .superRefine((config, ctx) => {
    if (config.SEARCH_ENGINE === 'elasticsearch' && !config.ELASTICSEARCH_URL) {
      ctx.addIssue({ code: 'custom', path: ['ELASTICSEARCH_URL'], message: 'required when SEARCH_ENGINE=elasticsearch' });
    }
  });

export type SearchConfig = z.output<typeof searchConfigSchema>;

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  return loadConfig(searchConfigSchema, env);
}

export const SEARCH_CONFIG = Symbol('SEARCH_CONFIG');
