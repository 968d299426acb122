import { fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase, freePort, migrateServiceDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { EventConsumer } from '../consumer/event-consumer.js';
import { MESSAGING_ENTITIES } from '../outbox/outbox-message.entity.js';
import { Outbox } from '../outbox/outbox.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { EVENT_BUS_DATABASE } from '../transport/postgres/event-bus.database.js';
import { PostgresEventLog } from '../transport/postgres/postgres-event-log.js';
import { CounterIncremented } from '../testing/crash/crash-fixtures.js';

/**
 * `npm run bench:events`: the postgres transport end to end on a *durable* cluster (fsync and
 * synchronous commit on), with a producer process (writers + outbox relay) and a consumer process
 * (inbox transaction per batch), as services are deployed:
 *  1. sustained throughput: 8 writers commit 20 events per transaction as fast as they can for
 *     BENCH_SECONDS; the consumer's delivery rate is measured after a 3 s warm-up;
 *  2. latency at a fixed rate of 1,000 events/s, 4 writers, with 10 events per transaction
 *     (an import or a bulk edit) and with 1 event per transaction (editorial edits);
 *     latency = consumer's commit of the effect − producer's commit of the event (the producer's
 *     own transaction time is reported beside it).
 */
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const WRITERS = 8;
const role = process.argv[2];

/** `burst`: as fast as possible, 20 events/tx; `paced-N`: 1,000 events/s in transactions of N events. */
type Mode = 'burst' | `paced-${number}`;
type Message = { applied: number } | { delivered: [string, number][] } | { produced: number; seconds: number; commitMs: number[]; committedAt: [string, number][] };

if (role === 'producer') await producer(process.argv[3]!, process.argv[4]!, process.argv[5] as Mode);
else if (role === 'consumer') await consumer(process.argv[3]!, process.argv[4]!);
else await main();

async function producer(url: string, busUrl: string, mode: Mode): Promise<void> {
  const perTx = mode === 'burst' ? 20 : Number(mode.slice(6));
  const writers = mode === 'burst' || perTx === 1 ? WRITERS : 4;
  const interval = (writers * perTx) / 1; // ms between transactions of one writer for 1,000 events/s
  const orm = await MikroORM.init({ clientUrl: url, entities: MESSAGING_ENTITIES, allowGlobalContext: false, pool: { max: WRITERS + 2 } });
  const transport = new PostgresEventLog({ url: busUrl });
  const relay = new OutboxRelay({ databaseUrl: url, service: 'bench', transport });
  relay.start();
  const outbox = new Outbox('bench');
  const versions = new Map<string, number>();
  const committedAt: [string, number][] = [];
  const write = async (aggregateId: string, events: number) => {
    const ids: string[] = [];
    await orm.em.fork().transactional(async (em) => {
      for (let i = 0; i < events; i++) {
        const version = (versions.get(aggregateId) ?? 0) + 1;
        versions.set(aggregateId, version);
        ids.push(outbox.record(em, CounterIncremented, { aggregateId, aggregateVersion: version, payload: { value: version } }).id);
      }
    });
    const now = Date.now();
    for (const id of ids) committedAt.push([id, now]);
  };
  let produced = 0;
  const commitMs: number[] = [];
  const start = Date.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let next = start + w;
      let n = 0;
      while (Date.now() < end) {
        if (mode !== 'burst') {
          const wait = next - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += interval;
        }
        const t0 = performance.now();
        await write(`agg-${w}-${n++ % 25}`, perTx);
        commitMs.push(performance.now() - t0);
        produced += perTx;
      }
    }),
  );
  process.send!({ produced, seconds: (Date.now() - start) / 1000, commitMs, committedAt } satisfies Message);
  while ((await relay.backlog()) > 0) await new Promise((r) => setTimeout(r, 50));
  await relay.stop();
  await transport.close();
  await orm.close();
}

async function consumer(url: string, busUrl: string): Promise<void> {
  const orm = await MikroORM.init({ clientUrl: url, entities: MESSAGING_ENTITIES, allowGlobalContext: false });
  const transport = new PostgresEventLog({ url: busUrl });
  const events = new EventConsumer({ group: 'bench', orm, transport, maxBatch: 200 });
  events.on(CounterIncremented, async () => undefined); // the effect is the inbox row, committed with the batch
  const delivered: [string, number][] = [];
  let applied = 0;
  await transport.subscribe({
    group: events.group,
    types: events.types,
    maxBatch: 200,
    handle: async (batch) => {
      await events.applyBatch(batch);
      const now = Date.now();
      for (const e of batch) delivered.push([e.id, now]);
      applied += batch.length;
    },
  });
  const report = setInterval(() => process.send!({ applied } satisfies Message), 250);
  process.on('message', async () => {
    clearInterval(report);
    process.send!({ delivered } satisfies Message, () => process.exit(0));
  });
}

async function run(serverUrl: string, label: string, mode: Mode) {
  const urls = ['producer', 'consumer', 'bus'].map((n) => withDatabase(serverUrl, `bench_${label}_${n}`));
  const [producerUrl, consumerUrl, busUrl] = urls as [string, string, string];
  for (const url of urls) await ensureDatabase(url);
  await migrateServiceDatabase({ service: 'bench-bus', databaseUrl: busUrl, entities: EVENT_BUS_DATABASE.entities, migrationsDir: EVENT_BUS_DATABASE.migrationsDir });
  for (const url of [producerUrl, consumerUrl]) {
    const orm = await MikroORM.init({ clientUrl: url, entities: MESSAGING_ENTITIES, allowGlobalContext: false });
    await orm.schema.create(); // bench fixture tables (the services' own come from migrations)
    await orm.close();
  }
  const script = new URL(import.meta.url);
  const c = fork(script, ['consumer', consumerUrl, busUrl]);
  const samples: { at: number; applied: number }[] = [];
  let delivered: [string, number][] = [];
  c.on('message', (m: Message) => {
    if ('applied' in m) samples.push({ at: Date.now(), applied: m.applied });
    if ('delivered' in m) delivered = m.delivered;
  });
  await new Promise((r) => setTimeout(r, 1_000));
  const started = Date.now();
  const p = fork(script, ['producer', producerUrl, busUrl, mode]);
  const produced = await new Promise<{ produced: number; seconds: number; commitMs: number[]; committedAt: [string, number][] }>((resolve) => p.on('message', (m: Message) => 'produced' in m && resolve(m)));
  const drainStart = Date.now();
  while ((samples.at(-1)?.applied ?? 0) < produced.produced && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 100));
  const drainMs = Date.now() - drainStart;
  const done = new Promise((resolve) => c.on('exit', resolve));
  c.send('stop');
  await done;
  await new Promise((resolve) => (p.exitCode === null ? p.on('exit', resolve) : resolve(undefined)));
  // Steady-state delivery rate: from 3 s after the start to the end of production.
  const from = samples.find((s) => s.at >= started + 3_000);
  const to = [...samples].reverse().find((s) => s.at <= started + produced.seconds * 1000);
  const rate = from && to && to.at > from.at ? ((to.applied - from.applied) / (to.at - from.at)) * 1000 : NaN;
  // Latency of the bus: from the producer's commit to the consumer's commit of the effect.
  const committed = new Map(produced.committedAt);
  const sorted = delivered.map(([id, at]) => at - committed.get(id)!).sort((a, b) => a - b);
  const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const commits = produced.commitMs.sort((a, b) => a - b);
  const commitP95 = Math.round(commits[Math.floor(0.95 * commits.length)] ?? NaN);
  return { produced: produced.produced, producedRate: produced.produced / produced.seconds, rate, drainMs, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: sorted.at(-1), commitP95 };
}

async function main(): Promise<void> {
  let postgres: RunningPostgres | undefined;
  let dir: string | undefined;
  let serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'care-bench-'));
    chmodSync(dir, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), durable: true });
    serverUrl = postgres.url;
  }
  try {
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${postgres ? 'embedded PostgreSQL 18, durable' : 'PostgreSQL of DATABASE_URL'}`;
    const phases = (process.env['BENCH_PHASES'] ?? 'throughput,latency').split(',');
    const rows: string[] = [];
    if (phases.includes('throughput')) {
      const t = await run(serverUrl, 'throughput', 'burst');
      rows.push(
        `| sustained throughput, delivered to the consumer (${WRITERS} writers × 20 events/tx, ${SECONDS} s) | ${Math.round(t.rate)} events/s (produced ${Math.round(t.producedRate)}/s; backlog drained ${t.drainMs} ms after production stopped) | ≥ 5,000 events/s |`,
      );
    }
    if (phases.includes('latency')) {
      for (const perTx of [10, 1]) {
        const l = await run(serverUrl, `latency${perTx}`, `paced-${perTx}`);
        rows.push(
          `| write-to-consumer latency (producer commit → consumer commit) at ${Math.round(l.producedRate)} events/s, ${perTx} event${perTx > 1 ? 's' : ''} per transaction | p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (the producer's own transaction before that: p95 ${l.commitP95} ms) | p95 ≤ 25 ms at 1,000 events/s |`,
        );
      }
    }
    const out = [`bench:events — ${new Date().toISOString()} — ${machine}`, '', '| measure | result | target |', '|---|---|---|', ...rows];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
