import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@care/testing';
import type { EventEnvelope } from '@care/contracts';
import { EVENT_BUS_DATABASE } from '../transport/postgres/event-bus.database.js';
import { PostgresEventLog } from '../transport/postgres/postgres-event-log.js';
import { CounterIncremented, PRODUCER_ENTITIES } from '../testing/crash/crash-fixtures.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';

describe('outbox and relay', () => {
  let producer: TestDatabase;
  let bus: TestDatabase;
  let orm: MikroORM;
  let transport: PostgresEventLog;
  const outbox = new Outbox('relay-test');

  beforeAll(async () => {
    bus = await createTestDatabase('relay_bus', EVENT_BUS_DATABASE);
    producer = await createTestDatabase('relay_producer');
    orm = await MikroORM.init({ clientUrl: producer.url, entities: PRODUCER_ENTITIES, allowGlobalContext: false });
    await orm.schema.create(); // fixture tables
    transport = new PostgresEventLog({ url: bus.url });
  });
  afterAll(async () => {
    await transport.close();
    await orm.close();
    await producer.drop();
    await bus.drop();
  });

  const record = (aggregateId: string, from: number, count: number) =>
    orm.em.fork().transactional(async (em) => {
      for (let v = from; v < from + count; v++) outbox.record(em, CounterIncremented, { aggregateId, aggregateVersion: v, payload: { value: v } });
    });

  async function logged(): Promise<EventEnvelope[]> {
    const log = await MikroORM.init({ clientUrl: bus.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    const rows = await log.em.fork().execute<{ envelope: EventEnvelope }[]>('select envelope from event_log order by position');
    await log.close();
    return rows.map((r) => r.envelope);
  }

  async function drained(relay: OutboxRelay): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await relay.backlog()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  it('refuses a payload that violates the contract before anything is written', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        outbox.record(em, CounterIncremented, { aggregateId: 'x', aggregateVersion: 1, payload: { value: -1 } });
      }),
    ).rejects.toThrow(/violates its contract/);
  });

  it('publishes committed events in order, never those of a rolled-back transaction, and nothing twice across restarts', async () => {
    await record('a', 1, 3);
    await expect(
      orm.em.fork().transactional(async (em) => {
        outbox.record(em, CounterIncremented, { aggregateId: 'a', aggregateVersion: 4, payload: { value: 4 } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const first = new OutboxRelay({ databaseUrl: producer.url, service: 'relay-test', transport });
    first.start();
    await drained(first);
    await first.stop();
    await record('a', 4, 2);
    await record('b', 1, 1);
    const second = new OutboxRelay({ databaseUrl: producer.url, service: 'relay-test', transport });
    second.start();
    await drained(second);
    await second.stop();
    const events = await logged();
    expect(events.map((e) => `${e.aggregateId}${e.aggregateVersion}`)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1']);
    expect(events[0]).toMatchObject({ type: 'test.counter.incremented.v1', producer: 'relay-test', payload: { value: 1 }, correlationId: null });
  });

  it('the log ignores an event id it already holds (a relay that crashed before marking rows)', async () => {
    const before = (await logged()).length;
    const [again] = await logged();
    await transport.publish([again!]);
    expect((await logged()).length).toBe(before);
  });

  it('drains the outbox once and returns (loaders whose events others consume before the services run)', async () => {
    const before = (await logged()).length;
    await record('c', 1, 3);
    await record('c', 4, 2);
    const drain = new OutboxRelay({ databaseUrl: producer.url, service: 'relay-test', transport });
    expect(await drain.drain()).toBe(5);
    expect(await drain.backlog()).toBe(0);
    expect(await drain.drain()).toBe(0);
    const events = await logged();
    expect(events.slice(before).map((e) => `${e.aggregateId}${e.aggregateVersion}`)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('drain refuses to run beside a relay that keeps the lock', async () => {
    const running = new OutboxRelay({ databaseUrl: producer.url, service: 'relay-test', transport });
    running.start();
    await new Promise((r) => setTimeout(r, 300));
    await expect(new OutboxRelay({ databaseUrl: producer.url, service: 'relay-test', transport }).drain(500)).rejects.toThrow(/holds the lock/);
    await running.stop();
  });
});
