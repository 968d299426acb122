import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Records that `consumer` applied these events, inside the caller's transaction, in one statement.
 * Returns the ids that were *not* applied before: the caller applies only those, so a redelivered
 * event has no second effect.
 */
export async function recordInInbox(em: EntityManager, consumer: string, events: readonly { id: string; type: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await em.execute<{ event_id: string }[]>(
    `insert into inbox_message (consumer, event_id, type) values ${events.map(() => '(?, ?, ?)').join(', ')}
     on conflict do nothing returning event_id`,
    events.flatMap((e) => [consumer, e.id, e.type]),
  );
  return new Set(rows.map((r) => r.event_id));
}
