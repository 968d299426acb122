import { MikroORM } from '@mikro-orm/postgresql';
import { EventConsumer } from '../../consumer/event-consumer.js';
import { transportFromEnv } from '../transport-from-env.js';
import { CONSUMER_ENTITIES, CounterIncremented } from './crash-fixtures.js';

/**
 * Consumer of the crash test: applies each increment as one effect row, recording whether it came
 * in order after the previous one of its counter. Safe to SIGKILL at any point.
 */
const orm = await MikroORM.init({ clientUrl: process.env['DATABASE_URL']!, entities: CONSUMER_ENTITIES, allowGlobalContext: false, pool: { min: 0, max: 4 } });
const transport = transportFromEnv('crash-consumer');
const consumer = new EventConsumer({ group: process.env['GROUP'] ?? 'crash-test', orm, transport, maxBatch: 50 });
consumer.on(CounterIncremented, async (event, em) => {
  const [last] = await em.execute<{ version: number }[]>('select coalesce(max(version), 0) as version from applied_effect where aggregate_id = ?', [
    event.aggregateId,
  ]);
  await em.execute('insert into applied_effect (aggregate_id, version, event_id, in_order) values (?, ?, ?, ?)', [
    event.aggregateId,
    event.aggregateVersion,
    event.id,
    event.aggregateVersion === Number(last!.version) + 1,
  ]);
});
// Subscribed by hand (instead of consumer.start()) to widen, for the test, the window between the
// effect's commit and the group's position commit: a SIGKILL there forces a redelivery, which only
// the inbox keeps from having a second effect.
await transport.subscribe({
  group: consumer.group,
  types: consumer.types,
  maxBatch: 50,
  handle: async (batch) => {
    await consumer.applyBatch(batch);
    await new Promise((resolve) => setTimeout(resolve, 10));
  },
});
process.stdout.write('ready\n');
