import { z } from 'zod';
import { ENTITY_TYPES } from '../persistence/entities/feed.entities.js';
import { DELIVERY_OUTCOMES } from '../persistence/entities/webhook.entities.js';

const entityTypes = z
  .array(z.enum(ENTITY_TYPES))
  .min(1)
  .refine((types) => new Set(types).size === types.length, 'each entity type once');
/** Feed sequence numbers travel as strings in answers (64-bit); inputs take a positive integer. */
const sequence = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const webhookInputSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2_000),
    /** Shared with the receiver, which verifies each delivery's signature with it (never shown again). */
    secret: z.string().min(32).max(256),
    entityTypes,
    /** First sequence number to deliver (default: the changes after the current head). */
    fromSeq: sequence.optional(),
  })
  .strict();
export type WebhookInput = z.output<typeof webhookInputSchema>;

/** Replaces the URL and the entity types; a new `secret` starts a rotation (both secrets sign for an overlap). */
export const webhookUpdateSchema = webhookInputSchema.omit({ fromSeq: true }).extend({ secret: webhookInputSchema.shape.secret.optional() }).strict();
export type WebhookUpdate = z.output<typeof webhookUpdateSchema>;

export const webhookReplaySchema = z.object({ fromSeq: sequence }).strict();
export const webhookParamsSchema = z.object({ id: z.uuid() });

export const deliveriesQuerySchema = z
  .object({
    outcome: z.enum(DELIVERY_OUTCOMES).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DeliveriesQuery = z.output<typeof deliveriesQuerySchema>;

const instant = z.iso.datetime({ offset: true });

/** A subscription as its owner sees it: never its secret. */
export const webhookSchema = z.object({
  id: z.uuid(),
  owner: z.string(),
  url: z.string(),
  entityTypes: z.array(z.enum(ENTITY_TYPES)),
  /** Last sequence number handled (delivered or dead-lettered). */
  position: z.string(),
  /** Records of its entity types after `position`, not delivered yet. */
  backlog: z.number().int(),
  /** Failed attempts of the delivery waiting, and when the next one is due. */
  attempts: z.number().int(),
  nextAttemptAt: instant,
  lastError: z.string().nullable(),
  lastDeliveredAt: instant.nullable(),
  /** Until then deliveries are also signed with the secret before the last rotation. */
  previousSecretUntil: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type WebhookView = z.output<typeof webhookSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  fromSeq: z.string(),
  toSeq: z.string(),
  records: z.number().int(),
  attempt: z.number().int(),
  outcome: z.enum(DELIVERY_OUTCOMES),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  attemptedAt: instant,
});

export const deliveriesPageSchema = z.object({ total: z.number().int(), page: z.number().int(), size: z.number().int(), items: z.array(deliverySchema) });
