import { z } from 'zod';
import { ENTITY_TYPES } from '../persistence/entities/feed.entities.js';

/** The answers of the feed API (documented in its OpenAPI; the gateway's fuzz tests check every answer against them). */
export const publishedRecordSchema = z.object({
  seq: z.string(),
  entityType: z.enum(ENTITY_TYPES),
  entityId: z.string(),
  version: z.number().int(),
  operation: z.enum(['upsert', 'delete']),
  validFrom: z.iso.datetime({ offset: true }),
  validTo: z.iso.datetime({ offset: true }).nullable().optional(),
  recordedAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
  contentHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const feedPageSchema = z.object({ records: z.array(publishedRecordSchema), next: z.string(), head: z.string(), hasMore: z.boolean() });
