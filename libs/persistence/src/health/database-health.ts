import type { MikroORM } from '@mikro-orm/postgresql';
import type { HealthReport } from '@care/kernel';

/** One round trip to the service database, bounded in time. */
export async function checkDatabase(orm: MikroORM, timeoutMs = 2_000): Promise<HealthReport> {
  const started = Date.now();
  try {
    await withTimeout(orm.em.fork().execute('select 1'), timeoutMs);
    return { status: 'up', details: { responseTimeMs: Date.now() - started } };
  } catch (error) {
    return { status: 'down', details: { error: (error as Error).message } };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
