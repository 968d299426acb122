import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/**
 * The whole platform on a throw-away embedded PostgreSQL with the demo dataset, plus `providers`
 * generated care providers imported through the CoBRHA importer (their events reach search
 * through the bus like any other); resolves once search has indexed everything.
 */
export async function startBenchPlatform(name: string, providers: number, env: PlatformOptions['env'] = {}): Promise<BenchPlatform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `care-bench-${name}-`));
  chmodSync(dataDir, 0o755); // the embedded cluster runs as the postgres user when we are root
  const ports: Record<string, number> = {};
  for (const service of SERVICES) ports[service.name] = await freePort();
  let t = Date.now();
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
  const stop = async () => {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    log(`platform with demo data up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const searchUrl = platform.urls['search']!;
    t = Date.now();
    const extract = path.join(dataDir, 'providers.csv');
    await run(serviceCli('care-providers', 'bench/cobrha-extract.cli.js'), [extract, String(providers), '777'], {});
    await run(serviceCli('care-providers', 'import.cli.js'), ['cobrha', extract], { DATABASE_URL: withDatabase(platform.serverUrl, databaseOf('care-providers')) });
    log(`${providers} providers imported in ${((Date.now() - t) / 1000).toFixed(1)} s; waiting for search to index them`);
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
