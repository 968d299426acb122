import { defineEntity, p } from '@mikro-orm/core';

/**
 * Schema of the bus database used by the `postgres` transport. The transport reads and writes
 * these tables with plain SQL (hot path); the definitions exist so that migrations are generated
 * and checked for drift like every other database of the platform.
 */
export const EventLogEntry = defineEntity({
  name: 'EventLogEntry',
  tableName: 'event_log',
  properties: {
    /** Increasing in commit order: appends are serialised by a transaction-level advisory lock. */
    position: p.bigint('string').primary().autoincrement(),
    eventId: p.uuid().unique('event_log_event_id_unique'),
    stream: p.text(),
    type: p.text(),
    key: p.text(),
    envelope: p.json<Record<string, unknown>>(),
    appendedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'event_log_type_position_index', properties: ['type', 'position'] },
    { name: 'event_log_appended_at_index', properties: ['appendedAt'] },
  ],
  triggers: [
    {
      // Wakes every consumer (LISTEN care_event_log) when an append commits.
      name: 'event_log_notify',
      timing: 'after',
      events: ['insert'],
      forEach: 'statement',
      body: "perform pg_notify('care_event_log', ''); return null;",
    },
  ],
});

export const ConsumerGroupPosition = defineEntity({
  name: 'ConsumerGroupPosition',
  tableName: 'consumer_group',
  properties: {
    name: p.text().primary(),
    /** Last position the group committed (0: nothing yet). */
    position: p.bigint('string').defaultRaw('0'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export const DeadLetterEntry = defineEntity({
  name: 'DeadLetterEntry',
  tableName: 'dead_letter',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    groupName: p.text(),
    position: p.bigint('string'),
    eventId: p.uuid(),
    type: p.text(),
    attempts: p.integer(),
    error: p.text(),
    envelope: p.json<Record<string, unknown>>(),
    failedAt: p.datetime().defaultRaw('now()'),
  },
  uniques: [{ name: 'dead_letter_group_event_unique', properties: ['groupName', 'eventId'] }],
});

export const EVENT_BUS_ENTITIES = [EventLogEntry, ConsumerGroupPosition, DeadLetterEntry];
