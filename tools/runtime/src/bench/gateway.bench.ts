import http from 'node:http';
import { log, machine, mixedSearchQueries, percentile, startDemoPlatform } from './bench-platform.js';

/**
 * `npm run bench:gateway`: the cost of the gateway on a typical search. The platform with the
 * demo dataset on a throw-away embedded PostgreSQL; BENCH_CLIENTS (16) concurrent clients send
 * the same mixed searches (text + radius + two filters, facets) alternately straight to the
 * search service and through the gateway (`/api/search/search`, anonymous: identification,
 * rate limit, policy, proxy), BENCH_ROUNDS (3) rounds of BENCH_SECONDS (15) each way. Target: p95
 * through the gateway ≤ 1.3 × p95 direct. Exits non-zero when missed.
 * The load generator is one IP: the gateway's per-IP limit is raised for the run (a load balancer
 * would see thousands of citizens), the limiter itself still runs on every request.
 */
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 16);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TARGET_RATIO = 1.3;

// Idle sockets are dropped before the servers' 5 s keep-alive timeout; a reset of a reused socket is retried once.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, timeout: 4_000 });
function get(url: string, retry = true): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('error', reject);
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET ${url}: ${response.statusCode}`))));
    });
    request.on('error', (error: NodeJS.ErrnoException) => (retry && request.reusedSocket && error.code === 'ECONNRESET' ? get(url, false).then(resolve, reject) : reject(error)));
  });
}

log(`bench:gateway on ${machine()}`);
const { platform, stop } = await startDemoPlatform('gateway', { RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_IP_BURST: '100000' });
let exitCode = 1;
try {
  const direct = `${platform.urls['search']}/search`;
  const gateway = `${platform.urls['gateway']}/api/search/search`;
  const queries = mixedSearchQueries(2_000);
  for (const q of queries.slice(0, 100)) {
    await get(`${direct}?${q}`);
    await get(`${gateway}?${q}`);
  }

  const samples: Record<'direct' | 'gateway', number[]> = { direct: [], gateway: [] };
  const counts = { direct: { n: 0, errors: 0, seconds: 0 }, gateway: { n: 0, errors: 0, seconds: 0 } };
  const phase = async (mode: 'direct' | 'gateway', round: number) => {
    const base = mode === 'direct' ? direct : gateway;
    const started = performance.now();
    const deadline = started + SECONDS * 1_000;
    // Both modes send the same queries in the same order within a round.
    const client = async (offset: number) => {
      for (let i = offset + round * 500; performance.now() < deadline; i += CLIENTS) {
        const t = performance.now();
        try {
          await get(`${base}?${queries[i % queries.length]}`);
          samples[mode].push(performance.now() - t);
          counts[mode].n++;
        } catch {
          counts[mode].errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    counts[mode].seconds += (performance.now() - started) / 1_000;
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so drift (caches, vacuum, neighbours) hits both alike.
    const order: Array<'direct' | 'gateway'> = round % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    for (const mode of order) await phase(mode, round);
  }
  const report = (mode: 'direct' | 'gateway') => {
    const sorted = [...samples[mode]].sort((a, b) => a - b);
    return { queries: counts[mode].n, errors: counts[mode].errors, qps: counts[mode].n / counts[mode].seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  };
  const d = report('direct');
  const g = report('gateway');
  const ratio = g.p95 / d.p95;
  const line = (name: string, r: ReturnType<typeof report>) =>
    `${name}: ${r.queries} queries, ${r.errors} errors, ${r.qps.toFixed(1)} q/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;
  log(`${CLIENTS} clients, ${ROUNDS} rounds × ${SECONDS} s each way`);
  log(line('direct to search ', d));
  log(line('through gateway  ', g));
  log(`p95 gateway / direct: ${ratio.toFixed(3)} [${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'} ≤ ${TARGET_RATIO}]`);
  exitCode = ratio <= TARGET_RATIO && d.errors === 0 && g.errors === 0 ? 0 : 1;
} finally {
  await stop();
}
process.exit(exitCode);
