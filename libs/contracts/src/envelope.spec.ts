import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema, streamOf } from './envelope.js';

describe('event contracts', () => {
  it('derives the stream from the type name', () => {
    const def = defineEvent({ type: 'organisations.site.published.v1', audience: 'public', description: 'd', schema: z.object({}) });
    expect(def.stream).toBe('organisations.site');
    expect(streamOf('care-providers.practice.updated.v2')).toBe('care-providers.practice');
  });

  it.each(['organisations.site.published', 'Organisations.site.published.v1', 'organisations.site.published.v0', 'a.b.v1'])(
    'refuses the type name %s',
    (type) => {
      expect(() => defineEvent({ type: type as 'a.b.c.v1', audience: 'public', description: 'd', schema: z.object({}) })).toThrow(/Invalid event type/);
    },
  );

  it('checks the envelope fields', () => {
    const envelope = {
      id: '0190f2a1-7c3e-7a4b-9c2d-1234567890ab',
      type: 'organisations.site.published.v1',
      occurredAt: '2026-11-23T10:00:00.000Z',
      aggregateId: '13219',
      aggregateVersion: 3,
      producer: 'organisations',
      correlationId: null,
      payload: { any: 'thing' },
    };
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(eventEnvelopeSchema.safeParse({ ...envelope, id: '6f1d0b3e-2a59-4c43-9f2a-1d6c6a6b2f10' }).success).toBe(false); // UUIDv4
    expect(eventEnvelopeSchema.safeParse({ ...envelope, aggregateVersion: 0 }).success).toBe(false);
  });
});
