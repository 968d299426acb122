import { defineEntity, p } from '@mikro-orm/core';

/**
 * Events waiting to leave the service. Rows are written in the same transaction as the aggregate
 * change (so a rolled-back change has no event), then published in id order by the relay.
 * Part of every producing service's schema (see each service's entity list).
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    eventId: p.uuid().unique('outbox_message_event_id_unique'),
    type: p.text(),
    aggregateId: p.text(),
    envelope: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().defaultRaw('now()'),
    publishedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'outbox_message_pending_index', properties: ['id'], where: 'published_at is null' }],
  triggers: [
    {
      // Wakes the relay (LISTEN care_outbox) at commit, whichever process wrote the rows.
      name: 'outbox_message_notify',
      timing: 'after',
      events: ['insert'],
      forEach: 'statement',
      body: "perform pg_notify('care_outbox', ''); return null;",
    },
  ],
});

/** Event ids a consumer group has applied, written in the same transaction as the effect. */
export const InboxMessage = defineEntity({
  name: 'InboxMessage',
  tableName: 'inbox_message',
  properties: {
    consumer: p.text().primary(),
    eventId: p.uuid().primary(),
    type: p.text(),
    processedAt: p.datetime().defaultRaw('now()'),
  },
});

/** Tables every service that produces or consumes events carries in its own database. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
