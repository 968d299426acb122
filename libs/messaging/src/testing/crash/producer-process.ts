import { MikroORM } from '@mikro-orm/postgresql';
import { Outbox } from '../../outbox/outbox.js';
import { OutboxRelay } from '../../outbox/outbox-relay.js';
import { transportFromEnv } from '../transport-from-env.js';
import { CounterIncremented, PRODUCER_ENTITIES } from './crash-fixtures.js';

/**
 * Producer of the crash test. Writes counter increments and their events in one transaction,
 * rolls back one transaction in ten on purpose, and relays the outbox, until TARGET committed
 * events exist; then waits for the outbox to drain and exits 0. Safe to SIGKILL at any point.
 */
class DeliberateRollback extends Error {}

const url = process.env['DATABASE_URL']!;
const target = Number(process.env['TARGET'] ?? 10_000);
const aggregates = Number(process.env['AGGREGATES'] ?? 100);
const orm = await MikroORM.init({ clientUrl: url, entities: PRODUCER_ENTITIES, allowGlobalContext: false, pool: { min: 0, max: 4 } });
const transport = transportFromEnv('crash-producer');
const relay = new OutboxRelay({ databaseUrl: url, service: 'crash-producer', transport, idlePollMs: 1_000 });
relay.start();
const outbox = new Outbox('crash-producer');

const count = async () => Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from outbox_message'))[0]!.n);
let committed = await count();
while (committed < target) {
  const aggregateId = `agg-${Math.floor(Math.random() * aggregates)}`;
  const increments = Math.min(1 + Math.floor(Math.random() * 3), target - committed);
  const rollback = Math.random() < 0.1;
  const ids: string[] = [];
  try {
    await orm.em.fork().transactional(async (em) => {
      // Upsert takes the row lock: increments of one counter are serialised.
      const [row] = await em.execute<{ version: number }[]>(
        'insert into counter (id, version) values (?, 0) on conflict (id) do update set id = excluded.id returning version',
        [aggregateId],
      );
      let version = row!.version;
      for (let i = 0; i < increments; i++) {
        version++;
        ids.push(outbox.record(em, CounterIncremented, { aggregateId, aggregateVersion: version, payload: { value: version } }).id);
      }
      await em.execute('update counter set version = ? where id = ?', [version, aggregateId]);
      if (rollback) throw new DeliberateRollback();
    });
    committed += increments;
  } catch (error) {
    if (!(error instanceof DeliberateRollback)) throw error;
    await orm.em.fork().execute(`insert into rolled_back (event_id) values ${ids.map(() => '(?)').join(', ')}`, ids);
  }
}
while ((await relay.backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
await relay.stop();
await transport.close();
await orm.close();
process.stdout.write('done\n');
