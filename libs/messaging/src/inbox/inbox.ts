import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Records that `consumer` applied `eventId`, inside the caller's transaction. Returns false when it
 * was applied before: the caller then skips the effect, so a redelivered event has no second effect.
 */
export async function recordInInbox(em: EntityManager, consumer: string, eventId: string, type: string): Promise<boolean> {
  const result = await em.execute<{ affectedRows: number }>(
    'insert into inbox_message (consumer, event_id, type) values (?, ?, ?) on conflict do nothing',
    [consumer, eventId, type],
    'run',
  );
  return result.affectedRows === 1;
}
