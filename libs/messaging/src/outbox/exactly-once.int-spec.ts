import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import { createTestDatabase, describeWhenEnv, killHard, seededRandom, type TestDatabase } from '@care/testing';
import { EVENT_BUS_DATABASE } from '../transport/postgres/event-bus.database.js';
import { CONSUMER_ENTITIES, PRODUCER_ENTITIES } from '../testing/crash/crash-fixtures.js';

const PRODUCER = fileURLToPath(new URL('../testing/crash/producer-process.js', import.meta.url));
const CONSUMER = fileURLToPath(new URL('../testing/crash/consumer-process.js', import.meta.url));
const TARGET = 10_000;
const AGGREGATES = 100;

async function fixtureDatabase(label: string, entities: EntitySchema[]): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  const orm = await MikroORM.init({ clientUrl: db.url, entities, allowGlobalContext: false });
  await orm.schema.create(); // test fixture tables only; product schemas come from migrations
  await orm.close();
  return db;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
  try {
    return await orm.em.fork().execute<T[]>(sql);
  } finally {
    await orm.close();
  }
}

function crashTest(transportEnv: () => NodeJS.ProcessEnv) {
  it(`applies every committed event exactly once and in order per aggregate while producer and consumer are SIGKILLed (${TARGET} events, ${AGGREGATES} aggregates)`, async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    console.info(`crash test seed ${seed} (CRASH_SEED=${seed} replays it)`);
    const rnd = seededRandom(seed);
    const producerDb = await fixtureDatabase('crash_producer', PRODUCER_ENTITIES);
    const consumerDb = await fixtureDatabase('crash_consumer', CONSUMER_ENTITIES);
    const env = { ...transportEnv(), TARGET: String(TARGET), AGGREGATES: String(AGGREGATES), GROUP: `crash-${seed}` };
    const start = (script: string, url: string) => {
      const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
      child.on('exit', (code, signal) => {
        // Only our SIGKILLs, or the producer's normal end, may stop a process.
        if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && !(code === 0 && script === PRODUCER)) unexpected.push(`${script} exited with ${code ?? signal}`);
        if (code === 0 && script === PRODUCER) producerDone = true;
      });
      return child;
    };
    const unexpected: string[] = [];
    let producerDone = false;
    let producer: ChildProcess = start(PRODUCER, producerDb.url);
    let consumer: ChildProcess = start(CONSUMER, consumerDb.url);
    const kills = { producer: 0, consumer: 0 };
    const deadline = Date.now() + 240_000;
    // Kill at random moments until the producer has finished, and at least 10 times each.
    while ((!producerDone || kills.consumer < 10) && Date.now() < deadline && unexpected.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200 + rnd() * 900));
      if (!producerDone && (rnd() < 0.5 || kills.producer < kills.consumer - 2)) {
        await killHard(producer);
        kills.producer++;
        if (!producerDone) producer = start(PRODUCER, producerDb.url);
      } else {
        await killHard(consumer);
        kills.consumer++;
        consumer = start(CONSUMER, consumerDb.url);
      }
    }
    expect(unexpected).toEqual([]);
    expect(producerDone).toBe(true);
    console.info(`crash test: ${kills.producer} producer and ${kills.consumer} consumer SIGKILLs`);
    expect(kills.producer + kills.consumer).toBeGreaterThanOrEqual(15);

    const [{ committed }] = await query<{ committed: string }>(producerDb.url, 'select count(*) as committed from outbox_message');
    let applied = 0;
    while (applied < Number(committed) && Date.now() < deadline + 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      applied = Number((await query<{ n: string }>(consumerDb.url, 'select count(*) as n from applied_effect'))[0]!.n);
    }
    await killHard(consumer);

    const outbox = await query<{ event_id: string; aggregate_id: string; version: number }>(
      producerDb.url,
      `select event_id, aggregate_id, (envelope->>'aggregateVersion')::int as version from outbox_message`,
    );
    const rolledBack = await query<{ event_id: string }>(producerDb.url, 'select event_id from rolled_back');
    const counters = await query<{ id: string; version: number }>(producerDb.url, 'select id, version from counter');
    const effects = await query<{ event_id: string; aggregate_id: string; version: number; in_order: boolean }>(
      consumerDb.url,
      'select event_id, aggregate_id, version, in_order from applied_effect order by id',
    );
    const inbox = await query<{ n: string }>(consumerDb.url, 'select count(*) as n from inbox_message');

    expect(outbox.length).toBe(TARGET);
    expect(rolledBack.length).toBeGreaterThan(0);
    // Exactly once: one effect per committed event, none twice, none of a rolled-back transaction.
    expect(effects.length).toBe(outbox.length);
    expect(new Set(effects.map((e) => e.event_id))).toEqual(new Set(outbox.map((o) => o.event_id)));
    const rolledBackIds = new Set(rolledBack.map((r) => r.event_id));
    expect(effects.filter((e) => rolledBackIds.has(e.event_id))).toEqual([]);
    expect(Number(inbox[0]!.n)).toBe(effects.length);
    // Order per aggregate: versions 1..n applied in sequence, n being the committed counter.
    expect(effects.filter((e) => !e.in_order)).toEqual([]);
    const perAggregate = new Map<string, number[]>();
    for (const e of effects) perAggregate.set(e.aggregate_id, [...(perAggregate.get(e.aggregate_id) ?? []), e.version]);
    for (const counter of counters) {
      expect(perAggregate.get(counter.id) ?? []).toEqual(Array.from({ length: counter.version }, (_, i) => i + 1));
    }
    await producerDb.drop();
    await consumerDb.drop();
  }, 400_000);
}

describe('outbox → transport → inbox under SIGKILL (postgres transport)', () => {
  let bus: TestDatabase;
  beforeAll(async () => {
    bus = await createTestDatabase('crash_bus', EVENT_BUS_DATABASE);
  });
  afterAll(() => bus.drop());
  crashTest(() => ({ EVENT_BUS: 'postgres', EVENT_BUS_DATABASE_URL: bus.url }));
});

describeWhenEnv('KAFKA_BROKERS', 'outbox → transport → inbox under SIGKILL (kafka transport)', (brokers) => {
  crashTest(() => ({ EVENT_BUS: 'kafka', KAFKA_BROKERS: brokers, KAFKA_SESSION_TIMEOUT_MS: '6000' }));
});
