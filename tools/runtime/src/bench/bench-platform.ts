import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, withDatabase } from '@care/persistence';
import { startPlatform, type PlatformOptions, type RunningPlatform } from '../platform.js';
import { databaseOf, REPO_ROOT, SERVICES, serviceCli } from '../services.js';

/** Shared by the benchmarks that run on the demo dataset plus generated care providers (`bench:search`, `bench:crisis`). */
export const log = (line: string) => process.stdout.write(`${line}\n`);
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

// Responses are read loosely: the benchmarks check shapes by using them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(url: string, init?: RequestInit): Promise<any> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const body = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${body.slice(0, 300)}`);
  return body ? JSON.parse(body) : undefined;
}

async function countProviders(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>("select count(*) as n from care_provider where status = 'active'")).rows[0]!.n);
  } finally {
    await client.end();
  }
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited with ${code}`))));
  });
}

export interface BenchPlatform {
  platform: RunningPlatform;
  /** Search documents once search caught up (demo sites and practices + the generated providers' practices). */
  documents: number;
  stop(): Promise<void>;
}

/** The whole platform on a throw-away embedded PostgreSQL with the demo dataset; `stop` removes its data. */
export async function startDemoPlatform(name: string, env: PlatformOptions['env'] = {}): Promise<Omit<BenchPlatform, 'documents'> & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `care-bench-${name}-`));
  chmodSync(dataDir, 0o755); // the embedded cluster runs as the postgres user when we are root
  const ports: Record<string, number> = {};
  for (const service of SERVICES) ports[service.name] = await freePort();
  const t = Date.now();
  const platform = await startPlatform({
    dataDir,
    embeddedPort: await freePort(),
    durable: false,
    demoData: true,
    ports,
    host: '127.0.0.1',
    logLevel: 'warn',
    logDir: dataDir,
    env,
    echo: (line) => (line.includes('demo loader done') || line.includes('searchable') ? log(`  ${line}`) : undefined),
    startTimeoutMs: 900_000,
  });
  log(`platform with demo data up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return {
    platform,
    dataDir,
    stop: async () => {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo platform plus `providers` generated care providers imported through the CoBRHA
 * importer (their events reach search through the bus like any other); resolves once search has
 * indexed everything.
 */
export async function startBenchPlatform(name: string, providers: number, env: PlatformOptions['env'] = {}): Promise<BenchPlatform> {
  const { platform, dataDir, stop } = await startDemoPlatform(name, env);
  try {
    const searchUrl = platform.urls['search']!;
    const t = Date.now();
    // A CoBRHA extract is the whole register: providers absent from it are deactivated. The
    // generator numbers providers from 0, so an extract of demo + N keeps the demo's providers
    // (updated) and adds N.
    const providersUrl = withDatabase(platform.serverUrl, databaseOf('care-providers'));
    const demo = await countProviders(providersUrl);
    const extract = path.join(dataDir, 'providers.csv');
    await run(serviceCli('care-providers', 'bench/cobrha-extract.cli.js'), [extract, String(demo + providers), '777'], {});
    await run(serviceCli('care-providers', 'import.cli.js'), ['cobrha', extract], { DATABASE_URL: providersUrl });
    log(`${providers} providers added to the demo's ${demo} (an extract of ${demo + providers}) in ${((Date.now() - t) / 1000).toFixed(1)} s; waiting for search to index them`);
    for (;;) {
      const health = await json(`${searchUrl}/health`).catch(() => null);
      const lag = health?.details?.eventBus?.consumers?.[0]?.lag ?? 1;
      const relay = await json(`${platform.urls['care-providers']}/health`).catch(() => null);
      if (lag === 0 && health?.details?.searchIndex?.pending === 0 && relay?.details?.eventBus?.outboxBacklog === 0) break;
      await sleep(1_000);
    }
    const documents = (await json(`${searchUrl}/search?size=1`)).total as number;
    log(`search caught up in ${((Date.now() - t) / 1000).toFixed(1)} s after the import started: ${documents} documents`);
    return { platform, documents, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The benchmarks' typical searches, the same on every run (seeded): text + radius + two filters
 * on different criteria, in French or Dutch; facets are always computed. Query strings for `/search`.
 */
export function mixedSearchQueries(count: number): string[] {
  const words = ['maison médicale', 'planning familial', 'huisarts', 'infirmier', 'kinésithérapeute', 'CPAS', 'OCMW', 'logement', 'dentiste', 'aide sociale', 'jeugdhulp', 'thuiszorg', 'médecin', 'santé mentale', 'verpleegkundige', 'crèche', 'psycholoog', 'emploi', 'ouderen', 'handicap'];
  const filters = ['language=fr', 'language=nl', 'kind=site', 'kind=practice', 'acceptingPatients=true', 'convention=conventioned', 'municipality=21004', 'municipality=21009', 'sector=1', 'sector=5'];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: count }, () => {
    const a = pick(filters);
    let b = pick(filters);
    while (b.split('=')[0] === a.split('=')[0]) b = pick(filters); // two different criteria
    const near = `${(50.81 + random() * 0.07).toFixed(5)},${(4.31 + random() * 0.12).toFixed(5)}`;
    return `q=${encodeURIComponent(pick(words))}&near=${near}&radius=${pick([1_000, 2_000, 3_000, 5_000])}&${a}&${b}&lang=${pick(['fr', 'nl'])}`;
  });
}
