import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventDefinition, EventEnvelope, EventOf, PayloadInputOf, PayloadOf } from '@care/contracts';
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
    const envelope = this.envelope(definition, event);
    this.add(em, envelope);
    return envelope;
  }

  /** Adds an envelope built with `envelope` to the caller's unit of work. */
  add(em: EntityManager, envelope: EventEnvelope): void {
    em.create(OutboxMessage, Outbox.row(envelope));
  }

  /**
   * The checked envelope of an event, for writers that insert outbox rows themselves (bulk imports
   * with COPY, in the same transaction as their rows).
   */
  envelope<D extends EventDefinition>(definition: D, event: RecordedEvent<D>): EventOf<D> {
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
    return envelope;
  }

  /** The outbox row of an envelope (see `envelope`). */
  static row(envelope: EventEnvelope): { eventId: string; type: string; aggregateId: string; envelope: Record<string, unknown>; createdAt: Date; publishedAt: null } {
    return { eventId: envelope.id, type: envelope.type, aggregateId: envelope.aggregateId, envelope: envelope as unknown as Record<string, unknown>, createdAt: new Date(), publishedAt: null };
  }
}
