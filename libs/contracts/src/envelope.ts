import { z } from 'zod';

/** `<context>.<entity>.<action>.v<n>`, e.g. `organisations.site.published.v1`. */
export type EventTypeName = `${string}.${string}.${string}.v${number}`;

const EVENT_TYPE = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Who may see an event's payload. Only `public` events reach open data, search and FIDUS. */
export type EventAudience = 'public' | 'authority' | 'internal';

/**
 * The envelope every event travels in, whatever the transport. The payload is the contract of the
 * event type; the envelope fields are the same for all.
 */
export const eventEnvelopeSchema = z.object({
  id: z.string().regex(UUID_V7, 'must be a UUIDv7'),
  type: z.string().regex(EVENT_TYPE, 'must be <context>.<entity>.<action>.v<n>'),
  occurredAt: z.iso.datetime({ offset: true }),
  aggregateId: z.string().min(1).max(200),
  aggregateVersion: z.number().int().min(1),
  producer: z.string().min(1).max(100),
  correlationId: z.string().max(200).nullable(),
  payload: z.unknown(),
});

export interface EventEnvelope<P = unknown, T extends string = string> {
  /** UUIDv7: unique, and sortable by creation time. */
  id: string;
  type: T;
  occurredAt: string;
  aggregateId: string;
  /** Version of the aggregate after the change; strictly increasing per aggregate. */
  aggregateVersion: number;
  producer: string;
  correlationId: string | null;
  payload: P;
}

export interface EventDefinition<T extends EventTypeName = EventTypeName, S extends z.ZodType = z.ZodType> {
  type: T;
  /** Entity stream the event belongs to (`<context>.<entity>`); ordering holds per aggregate within it. */
  stream: string;
  audience: EventAudience;
  description: string;
  schema: S;
}

export type PayloadOf<D extends EventDefinition> = z.output<D['schema']>;
export type PayloadInputOf<D extends EventDefinition> = z.input<D['schema']>;
export type EventOf<D extends EventDefinition> = EventEnvelope<PayloadOf<D>, D['type']>;

/**
 * Declares an event contract. The type name fixes context, entity, action and version; a payload
 * that does not match `schema` is a compile error at the publishing call and a runtime refusal on
 * both sides of the bus.
 */
export function defineEvent<const T extends EventTypeName, S extends z.ZodType>(definition: {
  type: T;
  audience: EventAudience;
  description: string;
  schema: S;
}): EventDefinition<T, S> {
  if (!EVENT_TYPE.test(definition.type)) throw new Error(`Invalid event type name: ${definition.type}`);
  const [context, entity] = definition.type.split('.');
  return { ...definition, stream: `${context}.${entity}` };
}

/** Stream (`<context>.<entity>`) of any event type name. */
export function streamOf(type: string): string {
  const [context, entity] = type.split('.');
  return `${context}.${entity}`;
}
