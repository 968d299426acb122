import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventDefinition, EventOf, PayloadInputOf, PayloadOf } from '@care/contracts';
import { RequestContext } from '@care/kernel';
import { OutboxMessage } from './outbox-message.entity.js';

export interface RecordedEvent<D extends EventDefinition> {
  aggregateId: string;
  /** Version of the aggregate *after* the change. */
  aggregateVersion: number;
  payload: PayloadInputOf<D>;
  occurredAt?: Date;
}

/**
 * Records events in the caller's unit of work: they are inserted with the aggregate change when the
 * caller flushes or commits, and never exist if it rolls back. The payload is checked against the
 * contract here (a bug in our own code must not reach consumers).
 */
export class Outbox {
  constructor(private readonly producer: string) {}

  record<D extends EventDefinition>(em: EntityManager, definition: D, event: RecordedEvent<D>): EventOf<D> {
    const parsed = definition.schema.safeParse(event.payload);
    if (!parsed.success) {
      throw new Error(`Payload of ${definition.type} for ${event.aggregateId} violates its contract: ${parsed.error.message}`);
    }
    const envelope: EventOf<D> = {
      id: uuidv7(),
      type: definition.type,
      occurredAt: (event.occurredAt ?? new Date()).toISOString(),
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      producer: this.producer,
      correlationId: RequestContext.correlationId() ?? null,
      payload: parsed.data as PayloadOf<D>,
    };
    em.create(OutboxMessage, {
      eventId: envelope.id,
      type: envelope.type,
      aggregateId: envelope.aggregateId,
      envelope: envelope as unknown as Record<string, unknown>,
    });
    return envelope;
  }
}
