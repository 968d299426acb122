import type { EntityManager } from '@mikro-orm/postgresql';

let cursors = 0;

/**
 * The rows of a query, a batch at a time, through a server-side cursor of the caller's
 * transaction: a result of any size streams with one batch in memory, and every batch sees the
 * transaction's snapshot (a repeatable-read transaction gives an export one consistent state).
 * Call it inside `em.transactional(…)` and consume it before the transaction ends.
 */
export async function* cursorBatches<T>(tx: EntityManager, sql: string, params: readonly unknown[] = [], batchSize = 1_000): AsyncGenerator<T[]> {
  const name = `care_cursor_${++cursors}`;
  await tx.execute(`declare ${name} no scroll cursor for ${sql}`, [...params]);
  try {
    for (;;) {
      const rows = await tx.execute<T[]>(`fetch forward ${batchSize} from ${name}`);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await tx.execute(`close ${name}`).catch(() => undefined);
  }
}
