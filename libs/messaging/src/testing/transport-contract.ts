import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope } from '@care/contracts';
import { NonRetryableError, type EventTransport, type Subscription } from '../transport/event-transport.js';

export interface TransportContractFixture {
  /** A transport instance; the suite closes what it opens through `open`. */
  open(): EventTransport;
  /** Environment for a child process to build the same transport (see transport-from-env.ts). */
  childEnv: NodeJS.ProcessEnv;
}

/** Unique names per test, so suites can share one bus (or one Kafka cluster) and be re-run. */
function names() {
  const suffix = randomBytes(3).toString('hex');
  return {
    group: `contract-${suffix}`,
    type: `contract${suffix}.item.changed.v1`,
    other: `contract${suffix}.item.ignored.v1`,
  };
}

export function envelope(type: string, aggregateId: string, version: number, payload: unknown = {}): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    occurredAt: new Date().toISOString(),
    aggregateId,
    aggregateVersion: version,
    producer: 'contract-suite',
    correlationId: null,
    payload,
  };
}

/** Interleaved events over `keys` aggregates, versions 1..perKey each. */
function stream(type: string, keys: number, perKey: number): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let v = 1; v <= perKey; v++) for (let k = 0; k < keys; k++) events.push(envelope(type, `agg-${k}`, v, { v }));
  return events;
}

interface Collector {
  received: EventEnvelope[];
  subscription: Subscription;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

async function collect(
  transport: EventTransport,
  group: string,
  types: string[],
  onEvent: (e: EventEnvelope) => void | Promise<void> = () => undefined,
  maxAttempts = 5,
  onDeadLetter?: (e: EventEnvelope, attempts: number) => void,
): Promise<Collector> {
  const received: EventEnvelope[] = [];
  let waiters: (() => void)[] = [];
  const subscription = await transport.subscribe({
    group,
    types,
    maxAttempts,
    onDeadLetter,
    retryBackoffMs: 10,
    handle: async (batch) => {
      const accepted: EventEnvelope[] = [];
      for (const e of batch) {
        await onEvent(e);
        accepted.push(e);
      }
      received.push(...accepted);
      waiters.forEach((w) => w());
    },
  });
  return {
    received,
    subscription,
    waitFor: (count, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`received ${received.length}/${count} events`)), timeoutMs);
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve();
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

function byKey(events: EventEnvelope[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const e of events) map.set(e.aggregateId, [...(map.get(e.aggregateId) ?? []), e.aggregateVersion]);
  return map;
}

/**
 * The guarantees every EventTransport must give, run against each adapter:
 * order per key, at-least-once delivery, redelivery after a consumer crash, poison events to the
 * dead letters after N attempts, replay from the beginning.
 */
export function transportContract(name: string, fixture: () => Promise<TransportContractFixture>, childScript: string): void {
  describe(`${name} transport contract`, () => {
    let fx: TransportContractFixture;
    const opened: EventTransport[] = [];
    const open = () => {
      const transport = fx.open();
      opened.push(transport);
      return transport;
    };

    beforeAll(async () => {
      fx = await fixture();
    });
    afterAll(async () => {
      await Promise.all(opened.map((t) => t.close()));
    });

    it('delivers every event at least once, in order per aggregate, and only the subscribed types', async () => {
      const { group, type, other } = names();
      const transport = open();
      const events = stream(type, 10, 30);
      const noise = stream(other, 3, 5);
      for (let i = 0; i < events.length; i += 37) await transport.publish([...events.slice(i, i + 37), ...noise.slice(i / 37, i / 37 + 1)]);
      const consumer = await collect(transport, group, [type]);
      await consumer.waitFor(events.length);
      await consumer.subscription.close();
      expect(new Set(consumer.received.map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
      expect(consumer.received.every((e) => e.type === type)).toBe(true);
      for (const versions of byKey(consumer.received).values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(byKey(consumer.received).get('agg-3')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('keeps a group position: a new subscription resumes after the committed events', async () => {
      const { group, type } = names();
      const transport = open();
      const first = stream(type, 2, 10);
      await transport.publish(first);
      const a = await collect(transport, group, [type]);
      await a.waitFor(first.length);
      await a.subscription.close();
      const second = stream(type, 2, 5).map((e) => ({ ...e, aggregateVersion: e.aggregateVersion + 10 }));
      await transport.publish(second);
      const b = await collect(transport, group, [type]);
      await b.waitFor(second.length);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await b.subscription.close();
      expect(b.received.map((e) => e.id)).toEqual(second.map((e) => e.id));
      const lag = await transport.lag(group, [type]);
      expect(lag.lag).toBe(0);
    });

    it('redelivers the events a crashed consumer had not committed', async () => {
      const { group, type } = names();
      const transport = open();
      const events = stream(type, 4, 25);
      await transport.publish(events);
      const hangOn = events[60]!;
      const firstRun = await runChild(childScript, { ...fx.childEnv, GROUP: group, TYPES: type, HANG_ON: hangOn.id }, (lines) =>
        lines.includes(`delivered ${hangOn.id}`),
      );
      // The child is now stuck inside the handler for `hangOn`: kill it as a crash would.
      firstRun.kill();
      await firstRun.exited;
      const second = await collect(transport, group, [type]);
      await second.waitFor(1, 60_000); // kafka: the dead member's partitions move after its session timeout
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const deadline = Date.now() + 20_000;
      const delivered = new Set([...firstRun.delivered, ...second.received.map((e) => e.id)]);
      while (delivered.size < events.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        second.received.forEach((e) => delivered.add(e.id));
      }
      await second.subscription.close();
      expect(second.received.map((e) => e.id)).toContain(hangOn.id);
      expect(delivered).toEqual(new Set(events.map((e) => e.id)));
      for (const versions of byKey(second.received).values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }, 120_000);

    it('sends a poison event to the dead letters after N attempts and goes on in order', async () => {
      const { group, type } = names();
      const transport = open();
      const events = stream(type, 3, 10);
      const poison = events[7]!;
      const fatal = events[20]!;
      await transport.publish(events);
      const attempts = new Map<string, number>();
      const told: Array<[string, number]> = [];
      const consumer = await collect(
        transport,
        group,
        [type],
        (e) => {
          attempts.set(e.id, (attempts.get(e.id) ?? 0) + 1);
          if (e.id === poison.id) throw new Error('poison');
          if (e.id === fatal.id) throw new NonRetryableError('contract violated');
        },
        3,
        (e, n) => told.push([e.id, n]),
      );
      await consumer.waitFor(events.length - 2);
      await consumer.subscription.close();
      const letters = await transport.deadLetters(group);
      expect(letters.map((l) => [l.eventId, l.attempts])).toEqual([
        [poison.id, 3],
        [fatal.id, 1],
      ]);
      expect(told).toEqual([
        [poison.id, 3],
        [fatal.id, 1],
      ]);
      expect(letters[0]!.error).toContain('poison');
      expect(letters[0]!.envelope.id).toBe(poison.id);
      const delivered = consumer.received.map((e) => e.id);
      expect(new Set(delivered)).toEqual(new Set(events.filter((e) => e !== poison && e !== fatal).map((e) => e.id)));
      for (const versions of byKey(consumer.received).values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    });

    it('replays a group from the beginning', async () => {
      const { group, type } = names();
      const transport = open();
      const events = stream(type, 5, 8);
      await transport.publish(events);
      const first = await collect(transport, group, [type]);
      await first.waitFor(events.length);
      await first.subscription.close();
      await transport.resetGroup(group, 'beginning', [type]);
      const replay = await collect(transport, group, [type]);
      await replay.waitFor(events.length);
      await replay.subscription.close();
      expect(replay.received.map((e) => e.id)).toEqual(expect.arrayContaining(events.map((e) => e.id)));
      for (const versions of byKey(replay.received).values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    });

    it('replays a group from a time: the events appended since then are delivered again, the earlier ones not', async () => {
      const { group, type } = names();
      const transport = open();
      const before = stream(type, 3, 4);
      const after = stream(type, 3, 4);
      await transport.publish(before);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const at = new Date();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await transport.publish(after);
      const first = await collect(transport, group, [type]);
      await first.waitFor(before.length + after.length);
      await first.subscription.close();
      await transport.resetGroup(group, { at }, [type]);
      const replay = await collect(transport, group, [type]);
      await replay.waitFor(after.length);
      // Anything still coming would be an earlier event: give it a moment to show up.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await replay.subscription.close();
      expect(new Set(replay.received.map((e) => e.id))).toEqual(new Set(after.map((e) => e.id)));
    });

    it('reports itself healthy', async () => {
      const report = await open().health();
      expect(report.status).toBe('up');
    });
  });
}

interface ChildRun {
  delivered: string[];
  kill(): void;
  exited: Promise<void>;
}

/** Starts the consumer child and resolves once `ready(lines)` holds. */
function runChild(script: string, env: NodeJS.ProcessEnv, ready: (lines: string[]) => boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child not ready: ${lines.length} lines`));
    }, 30_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (ready(lines)) {
        clearTimeout(timer);
        resolve({
          delivered: lines.filter((l) => l.startsWith('delivered ')).map((l) => l.slice(10)),
          kill: () => child.kill('SIGKILL'),
          exited,
        });
      }
    });
  });
}
