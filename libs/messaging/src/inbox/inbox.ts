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

/**
 * Makes `consumer` forget that it applied these events (or all of them), so that a replay applies
 * them again instead of skipping them: for rebuilding a projection whose handlers are idempotent
 * by version. Runs on the consumer's own database. Returns the number of rows removed.
 */
export async function forgetInInbox(client: { query(sql: string, params: unknown[]): Promise<{ rowCount: number | null }> }, consumer: string, eventIds: readonly string[] | 'all'): Promise<number> {
  const result =
    eventIds === 'all'
      ? await client.query('delete from inbox_message where consumer = $1', [consumer])
      : await client.query('delete from inbox_message where consumer = $1 and event_id = any($2::uuid[])', [consumer, eventIds]);
  return result.rowCount ?? 0;
}
