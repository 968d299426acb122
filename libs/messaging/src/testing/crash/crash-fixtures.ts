import { defineEntity, p } from '@mikro-orm/core';
import { z } from 'zod';
import { defineEvent } from '@care/contracts';
import { MESSAGING_ENTITIES } from '../../outbox/outbox-message.entity.js';

/** Test-only aggregate of the exactly-once crash test: a counter whose every increment is an event. */
export const Counter = defineEntity({
  name: 'Counter',
  tableName: 'counter',
  properties: { id: p.text().primary(), version: p.integer() },
});

/** Ids of events whose transaction was rolled back on purpose: they must never take effect. */
export const RolledBack = defineEntity({
  name: 'RolledBack',
  tableName: 'rolled_back',
  properties: { eventId: p.uuid().primary() },
});

/** The consumer's effect, one row per applied event, in application order. */
export const AppliedEffect = defineEntity({
  name: 'AppliedEffect',
  tableName: 'applied_effect',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    aggregateId: p.text().index(),
    version: p.integer(),
    eventId: p.uuid(),
    /** Whether the version was the one expected after the previous effect of the aggregate. */
    inOrder: p.boolean(),
  },
});

export const CounterIncremented = defineEvent({
  type: 'test.counter.incremented.v1',
  audience: 'internal',
  description: 'Test-only: a counter was incremented.',
  schema: z.object({ value: z.number().int().min(1) }),
});

export const PRODUCER_ENTITIES = [Counter, RolledBack, ...MESSAGING_ENTITIES];
export const CONSUMER_ENTITIES = [AppliedEffect, ...MESSAGING_ENTITIES];
