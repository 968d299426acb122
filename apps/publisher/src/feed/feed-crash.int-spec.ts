import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { OrganisationChangedV1, SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1, type EventDefinition, type EventEnvelope } from '@care/contracts';
import { envelopeFor, generatedSite, publishedOrganisationFixture } from '@care/contracts/testing';
import { EVENT_BUS_DATABASE, PostgresEventLog } from '@care/messaging';
import { createTestDatabase, killHard, seededRandom, type TestDatabase } from '@care/testing';
import { PUBLISHER_DATABASE } from '../persistence/publisher.database.js';
import { contentHash, GENESIS_HASH, recordHash } from './feed-hash.js';

const PUBLISHER = fileURLToPath(new URL('../main.js', import.meta.url));
const EVENTS = 10_000;
const SITES = 300;
const ORGANISATIONS = 60;

interface Expected {
  sourceVersion: number;
  versions: Array<{ operation: 'upsert' | 'delete'; contentHash: string }>;
}

/**
 * 10,000 public events — new versions, no-op updates, unpublications and republications, copies of
 * earlier events with new ids (an upstream replay), stale versions and exact duplicates — and the
 * feed they must produce, computed by the rules of the feed (a version per real change of an
 * entity's public state, in the order the bus delivers them).
 */
function workload(seed: number) {
  const random = seededRandom(seed);
  const events: EventEnvelope[] = [];
  const expected = new Map<string, Expected>();
  const state = new Map<string, { version: number; payload: unknown | null; revision: number; sent: EventEnvelope[] }>();
  const emit = (key: string, definition: EventDefinition, aggregateId: string, version: number, payload: unknown) => {
    // The payload as consumers see it: parsed by its contract (defaults applied).
    const parsed = payload === null || definition === SiteUnpublishedV1 ? null : definition.schema.parse(payload);
    const envelope = envelopeFor(definition, aggregateId, version, definition.schema.parse(payload) as never);
    events.push(envelope);
    const entity = expected.get(key) ?? { sourceVersion: 0, versions: [] };
    if (version > entity.sourceVersion) {
      const hash = contentHash(parsed);
      const last = entity.versions.at(-1);
      const operation = parsed === null ? 'delete' : 'upsert';
      if (!(last && last.contentHash === hash && last.operation === operation)) entity.versions.push({ operation, contentHash: hash });
      entity.sourceVersion = version;
    }
    expected.set(key, entity);
    return envelope;
  };
  while (events.length < EVENTS - 1) {
    const roll = random();
    const isSite = random() < 0.8;
    const n = 1 + Math.floor(random() * (isSite ? SITES : ORGANISATIONS));
    const key = `${isSite ? 'site' : 'organisation'}:${n}`;
    const current = state.get(key);
    if (current && roll < 0.08) {
      // An upstream replay: an earlier event again, with a new id (same version and content).
      const earlier = current.sent[Math.floor(random() * current.sent.length)]!;
      events.push({ ...earlier, id: uuidv7() });
      continue;
    }
    if (current && roll < 0.1) {
      events.push(current.sent.at(-1)!); // the very same event twice (ignored by the bus and the inbox)
      continue;
    }
    const version = (current?.version ?? 0) + 1;
    let revision = current?.revision ?? 0;
    const noOp = current && current.payload !== null && roll < 0.15; // a new aggregate version, same public state
    if (!noOp) revision++;
    let envelope: EventEnvelope;
    if (isSite) {
      const unpublish = current && current.payload !== null && roll > 0.93;
      const payload = unpublish ? null : noOp ? current.payload : generatedSite(n, seededRandom(n * 1_000 + revision), null, revision);
      const definition = unpublish ? SiteUnpublishedV1 : current && current.payload !== null ? SiteUpdatedV1 : SitePublishedV1;
      envelope = emit(key, definition, String(n), version, unpublish ? { id: n, reason: 'archived' } : payload);
      state.set(key, { version, payload, revision, sent: [...(current?.sent ?? []), envelope] });
    } else {
      const payload = noOp ? current.payload : publishedOrganisationFixture(n, { names: { official: { fr: `ASBL ${n} v${revision}`, nl: `VZW ${n} v${revision}` }, alternative: [], former: [] }, updatedAt: '2026-12-01T00:00:00.000Z' });
      envelope = emit(key, OrganisationChangedV1, String(n), version, payload);
      state.set(key, { version, payload, revision, sent: [...(current?.sent ?? []), envelope] });
    }
  }
  // A stale event: an older version of an entity, published after its newer ones, changes nothing.
  const [, stale] = [...state].find(([, s]) => s.sent.length > 2)!;
  events.push({ ...stale.sent[0]!, id: uuidv7() });
  return { events, expected };
}

describe('publisher feed under SIGKILL', () => {
  let db: TestDatabase;
  let bus: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('feed_crash', PUBLISHER_DATABASE);
    bus = await createTestDatabase('feed_crash_bus', EVENT_BUS_DATABASE);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    await bus?.drop();
  });

  it(`numbers ${EVENTS} events' changes without gap or duplicate, with a valid hash chain, while the publisher is SIGKILLed and restarted; replays add no version`, async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    console.info(`feed crash test seed ${seed} (CRASH_SEED=${seed} replays it)`);
    const random = seededRandom(seed);
    const { events, expected } = workload(seed);
    const log = new PostgresEventLog({ url: bus.url });
    for (let i = 0; i < events.length; i += 1_000) await log.publish(events.slice(i, i + 1_000));
    await log.close();
    const distinctEvents = new Set(events.map((e) => e.id)).size;

    const unexpected: string[] = [];
    const start = () => {
      const child = spawn(process.execPath, [PUBLISHER], {
        env: { ...process.env, CARE_ENV: 'test', DATABASE_URL: db.url, EVENT_BUS: 'postgres', EVENT_BUS_DATABASE_URL: bus.url, PORT: '0', LOG_LEVEL: 'error' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') unexpected.push(`publisher exited with ${code ?? signal}`);
      });
      return child;
    };
    const query = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    const head = () => query('select seq as n from feed_head');
    const applied = () => query(`select count(*) as n from inbox_message where consumer = 'publisher.feed'`);

    let publisher: ChildProcess = start();
    let kills = 0;
    const deadline = Date.now() + 240_000;
    while ((await applied()) < distinctEvents && Date.now() < deadline && unexpected.length === 0) {
      // Killed while it consumes: once the feed has moved since this process started, at a random moment.
      const before = await head();
      while ((await head()) === before && (await applied()) < distinctEvents && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, random() * 400));
      if ((await applied()) >= distinctEvents) break;
      await killHard(publisher);
      kills++;
      publisher = start();
    }
    await killHard(publisher);
    console.info(`feed crash test: ${kills} SIGKILLs`);
    expect(unexpected).toEqual([]);
    expect(await applied()).toBe(distinctEvents);
    expect(kills).toBeGreaterThanOrEqual(3);

    const records = (
      await client.query<{ seq: string; entity_type: string; entity_id: string; version: number; operation: string; content_hash: string; prev_hash: string; hash: string; record: { payload: unknown } }>(
        'select seq::text as seq, entity_type, entity_id, version, operation, content_hash, prev_hash, hash, record from feed_record r order by r.seq',
      )
    ).rows;
    const total = [...expected.values()].reduce((n, e) => n + e.versions.length, 0);
    // No gap, no duplicate: 1..N, N being the number of real changes.
    expect(records.map((r) => Number(r.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await head()).toBe(total);
    // A valid hash chain over every record.
    let previous = GENESIS_HASH;
    for (const r of records) {
      expect(r.prev_hash).toBe(previous);
      expect(r.content_hash).toBe(contentHash(r.record.payload));
      expect(r.record).toMatchObject({ seq: r.seq, version: r.version, contentHash: r.content_hash, prevHash: r.prev_hash, hash: r.hash });
      expect(r.hash).toBe(recordHash({ prevHash: r.prev_hash, seq: r.seq, entityType: r.entity_type, entityId: r.entity_id, version: r.version, operation: r.operation, contentHash: r.content_hash }));
      previous = r.hash;
    }
    // Per entity: versions 1..k, exactly the real changes (replays, duplicates, no-ops and stale events added none).
    const actual = new Map<string, Expected['versions']>();
    for (const r of records) {
      const key = `${r.entity_type}:${r.entity_id}`;
      const versions = actual.get(key) ?? [];
      expect(r.version).toBe(versions.length + 1);
      versions.push({ operation: r.operation as 'upsert' | 'delete', contentHash: r.content_hash });
      actual.set(key, versions);
    }
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries([...expected].map(([key, e]) => [key, e.versions])));
  }, 400_000);
});
