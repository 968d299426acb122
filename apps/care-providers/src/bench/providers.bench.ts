import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { IMPORT_NODE_FLAGS } from '@care/imports';
import { freePort, runDatabaseCommand, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { checkNihii } from '@care/care-providers-domain';
import { cobrhaRows, writeCobrha } from '../imports/cobrha/cobrha-extract.generator.js';
import { CARE_PROVIDERS_DATABASE } from '../persistence/care-providers.database.js';

/**
 * `npm run bench:providers`: a generated CoBRHA-like extract of 50,000 providers with 60,000
 * practices (Brussels streets, points in real sectors) imported by the care-providers import CLI
 * into a durable embedded PostgreSQL; then the same file again (no event expected), then a file
 * where 100 providers changed (events for exactly those expected).
 */
const PROVIDERS = Number(process.env['BENCH_PROVIDERS'] ?? 50_000);
const PRACTICES = Math.round(PROVIDERS * 1.2);
const cli = fileURLToPath(new URL('../import.cli.js', import.meta.url));

async function run(database: string, file: string): Promise<{ seconds: number; peakMb: number; counts: Record<string, number> }> {
  const started = Date.now();
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, cli, 'cobrha', file], { env: { ...process.env, DATABASE_URL: database }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // the process just ended
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`import failed (exit ${code}): ${output}`);
  return { seconds: (Date.now() - started) / 1000, peakMb: Math.round(peak / 1024), counts: (JSON.parse(output) as { counts: Record<string, number> }).counts };
}

async function eventCount(database: string): Promise<{ providers: number; practices: number; total: number; lastId: number }> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  const { rows } = await client.query<{ type: string; n: string; last: string }>(`select type, count(*) as n, max(id) as last from outbox_message group by type`);
  await client.end();
  const get = (t: string) => Number(rows.find((r) => r.type === t)?.n ?? 0);
  return { providers: get('care-providers.provider.changed.v1'), practices: get('care-providers.practice.changed.v1'), total: rows.reduce((a, r) => a + Number(r.n), 0), lastId: Math.max(0, ...rows.map((r) => Number(r.last))) };
}

/** The aggregates of the events written after `afterId`, sorted. */
async function aggregatesSince(database: string, afterId: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  const { rows } = await client.query<{ aggregate_id: string }>('select aggregate_id from outbox_message where id > $1 order by aggregate_id', [afterId]);
  await client.end();
  return rows.map((r) => r.aggregate_id);
}

/** The practices whose rows differ between the two generated extracts: the ones expected to change. */
function changedPractices(): string[] {
  const before = cobrhaRows({ providers: PROVIDERS, practices: PRACTICES });
  const ids: string[] = [];
  for (const row of cobrhaRows({ providers: PROVIDERS, practices: PRACTICES, changed: 100 })) {
    const original = before.next().value!;
    if (JSON.stringify(original) !== JSON.stringify(row)) {
      const nihii = checkNihii(row.nihii!);
      if (nihii.ok) ids.push(`${nihii.personId}:${row.practice_id}`);
    }
  }
  return ids.sort();
}

let postgres: RunningPostgres | undefined;
const dir = mkdtempSync(path.join(os.tmpdir(), 'care-bench-providers-'));
chmodSync(dir, 0o755);
try {
  let serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), durable: true });
    serverUrl = postgres.url;
  }
  const database = withDatabase(serverUrl, `bench_providers_${Date.now()}`);
  await runDatabaseCommand(CARE_PROVIDERS_DATABASE, 'migrate', database, () => undefined);
  const file = path.join(dir, 'cobrha.csv');
  const changedFile = path.join(dir, 'cobrha-changed.csv');
  await writeCobrha(file, cobrhaRows({ providers: PROVIDERS, practices: PRACTICES }));
  await writeCobrha(changedFile, cobrhaRows({ providers: PROVIDERS, practices: PRACTICES, changed: 100 }));
  const first = await run(database, file);
  const afterFirst = await eventCount(database);
  const second = await run(database, file);
  const afterSecond = await eventCount(database);
  const third = await run(database, changedFile);
  const afterThird = await eventCount(database);
  const expected = changedPractices();
  const actual = await aggregatesSince(database, afterSecond.lastId);
  const exact = expected.length === 100 && JSON.stringify(actual) === JSON.stringify(expected);
  process.stdout.write(
    [
      `bench:providers — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${postgres ? 'embedded PostgreSQL 18, durable' : 'PostgreSQL of DATABASE_URL'}`,
      '',
      '| measure | result | target |',
      '|---|---|---|',
      `| first import: ${PROVIDERS.toLocaleString('en')} providers, ${PRACTICES.toLocaleString('en')} practices | ${first.seconds.toFixed(1)} s (created ${first.counts['created']}, rejected ${first.counts['rejected']}; ${afterFirst.total.toLocaleString('en')} events; peak RSS ${first.peakMb} MB) | under 60 s |`,
      `| same extract again | ${second.seconds.toFixed(1)} s, ${afterSecond.total - afterFirst.total} events (unchanged ${second.counts['unchanged']}) | no event |`,
      `| extract with 100 providers changed (one practice phone each) | ${third.seconds.toFixed(1)} s, ${afterThird.total - afterSecond.total} events (${afterThird.practices - afterSecond.practices} practice.changed, ${afterThird.providers - afterSecond.providers} provider.changed); ${exact ? 'exactly the changed practices' : `NOT the changed practices (expected ${expected.length}, got ${actual.length})`} | events for exactly those 100 |`,
    ].join('\n') + '\n',
  );
  if (!exact || afterSecond.total !== afterFirst.total || first.counts['rejected'] !== 0) process.exitCode = 1;
} finally {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
