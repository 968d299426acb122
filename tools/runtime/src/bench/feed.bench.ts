import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { OrganisationChangedV1, SitePublishedV1, type EventEnvelope } from '@care/contracts';
import { envelopeFor, generatedSite, publishedOrganisationFixture } from '@care/contracts/testing';
import { EVENT_BUS_DATABASE, PostgresEventLog } from '@care/messaging';
import { freePort, runDatabaseCommand, startEmbeddedPostgres, withDatabase } from '@care/persistence';
import { seededRandom } from '@care/testing';
import { REPO_ROOT, SERVICES, serviceDatabaseCli, serviceEntry } from '../services.js';

/**
 * `npm run bench:feed`: the publisher alone on a throw-away embedded PostgreSQL and bus.
 * BENCH_SITES (60,000) published sites and BENCH_ORGANISATIONS (2,000) organisations, realistic
 * public events, are published on the bus and become the feed. The publisher is then restarted
 * (so its memory figures are those of reading, not of building the feed) and:
 * 1. the whole feed is read in pages of 1,000 (`GET /feed?after=…&limit=1000`), one after the other,
 *    each parsed, after a warm-up of ten pages;
 * 2. the sites dataset (60,000 rows) is exported in NDJSON, CSV, XLSX and GeoJSON, one after the other,
 *    while the RSS of the publisher process is sampled every 50 ms (/proc/<pid>/status).
 * Prints the results and exits non-zero when a target is missed.
 */
const SITES = Number(process.env['BENCH_SITES'] ?? 60_000);
const ORGANISATIONS = Number(process.env['BENCH_ORGANISATIONS'] ?? 2_000);
const TARGETS = { feedRecordsPerSecond: 20_000, exportSeconds: 10, rssMb: 250 };
const FORMATS = ['ndjson', 'csv', 'xlsx', 'geojson'] as const;

const NODE_OPTIONS = SERVICES.find((s) => s.name === 'publisher')!.nodeOptions!;
const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since: number) => (performance.now() - since) / 1_000;
const mark = (pass: boolean) => (pass ? 'PASS' : 'MISS');

/** `VmRSS` / `VmHWM` of a process, in MB. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1_024;
}

/** A GET read to the end: status, bytes and newlines (rows of line-based formats), without keeping the body. */
function read(url: string): Promise<{ status: number; bytes: number; newlines: number; first: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let bytes = 0;
        let newlines = 0;
        let first: Buffer = Buffer.alloc(0);
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) first = chunk;
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, newlines, first }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * The reader's GET: node:http over a keep-alive agent, the body parsed as JSON (a third of the CPU
 * of `fetch` on this machine, and the reader shares the cores it measures).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function json<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T) : reject(new Error(`GET ${url}: ${response.statusCode}`))));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited with ${code}`))));
  });
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'care-bench-feed-'));
chmodSync(dataDir, 0o755); // the embedded cluster runs as the postgres user when we are root
log(`bench:feed (publisher with NODE_OPTIONS=${NODE_OPTIONS}) on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), durable: false });
const busUrl = withDatabase(postgres.url, 'bench_event_bus');
const publisherDb = withDatabase(postgres.url, 'bench_publisher');
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
let publisher: ChildProcess | undefined;
let exitCode = 1;

async function startPublisher(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [serviceEntry('publisher')], {
    cwd: REPO_ROOT,
    // With the V8 flags its deployments give it (NODE_OPTIONS: a bounded heap).
    env: { ...process.env, NODE_OPTIONS, CARE_ENV: 'development', DATABASE_URL: publisherDb, EVENT_BUS: 'postgres', EVENT_BUS_DATABASE_URL: busUrl, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`publisher exited with ${child.exitCode}`);
    if ((await fetch(`${url}/health`).catch(() => null))?.status === 200) return child;
    await sleep(200);
  }
}

async function stopPublisher(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

try {
  await runDatabaseCommand(EVENT_BUS_DATABASE, 'migrate', busUrl, () => undefined);
  await run(serviceDatabaseCli('publisher'), ['migrate'], { DATABASE_URL: publisherDb });
  publisher = await startPublisher();

  // The feed: realistic public events on the bus, consumed by the publisher as in production.
  const random = seededRandom(2026);
  const bus = new PostgresEventLog({ url: busUrl });
  let t = performance.now();
  const batch: EventEnvelope[] = [];
  const flush = async () => {
    await bus.publish(batch.splice(0));
  };
  for (let i = 1; i <= ORGANISATIONS; i++) {
    batch.push(envelopeFor(OrganisationChangedV1, String(i), 1, publishedOrganisationFixture(i, { enterpriseNumbers: [] })));
    if (batch.length === 1_000) await flush();
  }
  for (let i = 1; i <= SITES; i++) {
    batch.push(envelopeFor(SitePublishedV1, String(10_000 + i), 1, generatedSite(10_000 + i, random, 1 + (i % ORGANISATIONS))));
    if (batch.length === 1_000) await flush();
  }
  await flush();
  await bus.close();
  const total = SITES + ORGANISATIONS;
  log(`${total} events published on the bus in ${seconds(t).toFixed(1)} s`);
  t = performance.now();
  for (;;) {
    const { head } = await json<{ head: string }>(`${url}/feed?limit=1`);
    if (Number(head) >= total) break;
    await sleep(500);
  }
  const build = seconds(t);
  log(`feed built: ${total} records in ${build.toFixed(1)} s (${(total / build).toFixed(0)} events/s)`);

  // Fresh process: what follows is measured without the memory of the build.
  await stopPublisher(publisher);
  publisher = await startPublisher();
  const pid = publisher.pid!;
  log(`publisher restarted: RSS ${memoryOf(pid, 'VmRSS').toFixed(0)} MB`);

  // 1. The whole feed in pages of 1,000, after a warm-up of ten pages (the JIT, the pools).
  for (let page = 0; page < 10; page++) await json(`${url}/feed?after=${page * 1_000}&limit=1000`);
  t = performance.now();
  let after = '0';
  let records = 0;
  let expected = 1;
  for (;;) {
    const page = await json<{ records: Array<{ seq: string }>; next: string; hasMore: boolean }>(`${url}/feed?after=${after}&limit=1000`);
    for (const r of page.records) if (Number(r.seq) !== expected++) throw new Error(`feed gap at ${r.seq}`);
    records += page.records.length;
    after = page.next;
    if (!page.hasMore) break;
  }
  const feedSeconds = seconds(t);
  const feedRate = records / feedSeconds;
  log(`after the feed read: publisher RSS ${memoryOf(pid, 'VmRSS').toFixed(0)} MB`);
  log(`feed read: ${records} records in pages of 1,000 in ${feedSeconds.toFixed(2)} s: ${feedRate.toFixed(0)} records/s [${mark(feedRate >= TARGETS.feedRecordsPerSecond)} ≥ ${TARGETS.feedRecordsPerSecond}]`);

  // 2. Full exports of the sites dataset in each format, RSS sampled.
  const exports: Array<{ format: string; seconds: number; megabytes: number; rows: number | null; peakRssMb: number }> = [];
  for (const format of FORMATS) {
    let peak = memoryOf(pid, 'VmRSS');
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid, 'VmRSS'))), 50);
    t = performance.now();
    const answer = await read(`${url}/exports/sites?format=${format}`);
    const elapsed = seconds(t);
    clearInterval(sampler);
    if (answer.status !== 200) throw new Error(`export ${format}: ${answer.status}`);
    // Rows: NDJSON has a metadata line, CSV a metadata and a header line, GeoJSON a line per feature and two more; XLSX is a zip.
    const rows = format === 'ndjson' ? answer.newlines - 1 : format === 'csv' ? answer.newlines - 2 : format === 'geojson' ? answer.newlines - 2 : null;
    if (rows !== null && rows !== SITES) throw new Error(`export ${format}: ${rows} rows instead of ${SITES}`);
    if (format === 'xlsx' && answer.first.subarray(0, 2).toString() !== 'PK') throw new Error('export xlsx: not a zip');
    exports.push({ format, seconds: elapsed, megabytes: answer.bytes / 2 ** 20, rows, peakRssMb: peak });
    log(`export sites ${format}: ${SITES} rows, ${(answer.bytes / 2 ** 20).toFixed(1)} MB in ${elapsed.toFixed(2)} s [${mark(elapsed < TARGETS.exportSeconds)} < ${TARGETS.exportSeconds} s], publisher RSS peak ${peak.toFixed(0)} MB [${mark(peak < TARGETS.rssMb)} < ${TARGETS.rssMb} MB]`);
  }
  const hwm = memoryOf(pid, 'VmHWM');
  log(`publisher high-water RSS since its restart (VmHWM): ${hwm.toFixed(0)} MB [${mark(hwm < TARGETS.rssMb)} < ${TARGETS.rssMb} MB]`);

  const ok = feedRate >= TARGETS.feedRecordsPerSecond && hwm < TARGETS.rssMb && exports.every((e) => e.seconds < TARGETS.exportSeconds && e.peakRssMb < TARGETS.rssMb);
  exitCode = ok ? 0 : 1;
} finally {
  if (publisher) await stopPublisher(publisher).catch(() => undefined);
  await postgres.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
