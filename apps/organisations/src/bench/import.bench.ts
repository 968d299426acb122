import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runDatabaseCommand, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { ORGANISATIONS_DATABASE } from '../persistence/organisations.database.js';
import { generateFullExtract } from '../imports/kbo/testing/kbo-extract.writer.js';
import { IMPORT_NODE_FLAGS } from '@care/imports';
import { IMPORT_CLI } from '../imports/import-process.js';

/**
 * `npm run bench:import`: a generated KBO/BCE full extract of BENCH_ENTERPRISES (1,000,000)
 * enterprises, ~2 % of which match the filter (Brussels registered office, social or health
 * activity), imported by the organisations import CLI (with the flags the service uses, see
 * import-process.ts) into a durable embedded PostgreSQL. Its resident memory is sampled every 100 ms.
 */
const ENTERPRISES = Number(process.env['BENCH_ENTERPRISES'] ?? 1_000_000);

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

let postgres: RunningPostgres | undefined;
const dir = mkdtempSync(path.join(os.tmpdir(), 'care-bench-import-'));
chmodSync(dir, 0o755);
try {
  let serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), durable: true });
    serverUrl = postgres.url;
  }
  const database = withDatabase(serverUrl, `bench_import_${Date.now()}`);
  await runDatabaseCommand(ORGANISATIONS_DATABASE, 'migrate', database, () => undefined);
  const extractDir = path.join(dir, 'extract');
  const generation = Date.now();
  const { matching, rows } = await generateFullExtract(extractDir, { enterprises: ENTERPRISES, matchingShare: 0.02, number: 1 });
  const generatedIn = (Date.now() - generation) / 1000;

  const started = Date.now();
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, IMPORT_CLI, 'kbo', extractDir], {
    env: { ...process.env, DATABASE_URL: database, EVENT_BUS_DATABASE_URL: withDatabase(serverUrl, 'unused_bus'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(child.pid!))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`import failed (exit ${code}):\n${output}`);
  const run = JSON.parse(output) as { counts: Record<string, number> };
  process.stdout.write(
    [
      `bench:import — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${postgres ? 'embedded PostgreSQL 18, durable' : 'PostgreSQL of DATABASE_URL'}`,
      '',
      '| measure | result | target |',
      '|---|---|---|',
      `| generated extract | ${ENTERPRISES.toLocaleString('en')} enterprises, ${rows.toLocaleString('en')} rows in 5 files, ${matching.toLocaleString('en')} matching the filter (written in ${generatedIn.toFixed(0)} s) | |`,
      `| full import (mirror load ${run.counts['mirrorSeconds']} s + organisations ${run.counts['syncSeconds']} s) | ${seconds.toFixed(1)} s, ${Math.round(run.counts['read']! / seconds).toLocaleString('en')} rows/s; created ${run.counts['created']}, rejected ${run.counts['rejected']} | under 3 min |`,
      `| peak resident memory of the import process | ${(peak / 1024).toFixed(0)} MB | under 300 MB |`,
    ].join('\n') + '\n',
  );
} finally {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
