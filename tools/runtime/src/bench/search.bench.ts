import http from 'node:http';
import { json, log, machine, mixedSearchQueries, percentile, sleep, startBenchPlatform } from './bench-platform.js';

/**
 * `npm run bench:search`: the whole platform on a throw-away embedded PostgreSQL with the demo
 * dataset, plus BENCH_PROVIDERS (50,000) generated care providers imported through the CoBRHA
 * importer (their events reach search through the bus like any other). Then:
 * 1. publication latency: BENCH_PUBLICATIONS (200) sites created and published through the
 *    organisations API, one after the other; time until each is found by `/search`;
 * 2. throughput: BENCH_CLIENTS (16) concurrent clients for BENCH_SECONDS (30) sending mixed
 *    queries (text + radius + two filters, facets always computed) to the search service.
 * Prints the results and exits non-zero when a target is missed.
 */
const PROVIDERS = Number(process.env['BENCH_PROVIDERS'] ?? 50_000);
const PUBLICATIONS = Number(process.env['BENCH_PUBLICATIONS'] ?? 200);
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 16);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const TARGETS = { publicationP95Ms: 1_000, qps: 300, p95Ms: 50, p99Ms: 150 };

/**
 * The load generator's GET: node:http over a keep-alive agent, one socket per client. It costs a
 * third of the CPU of `fetch` on this machine, and the load generator shares the cores it measures.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET ${url}: ${response.statusCode}`))));
      })
      .on('error', reject);
  });
}

log(`bench:search on ${machine()}`);
const { platform, documents: total, stop } = await startBenchPlatform('search', PROVIDERS);
const searchUrl = platform.urls['search']!;
let exitCode = 1;
const organisationsUrl = platform.urls['organisations']!;
try {
  // 1. Publication latency.
  const tree = await json(`${organisationsUrl}/taxonomy/tree`);
  const categoryId = tree[0].rubriques[0].categoryIds[0] as number;
  const latencies: number[] = [];
  for (let i = 0; i < PUBLICATIONS; i++) {
    const token = `benchpub${i}x${Math.random().toString(36).slice(2, 8)}`;
    let site = await json(`${organisationsUrl}/sites`, {
      method: 'POST',
      body: JSON.stringify({
        names: { official: { fr: `Service ${token}`, nl: `Dienst ${token}` } },
        languageStatus: 'FR-NL', offerKind: 'other', serviceLanguages: ['fr', 'nl'], categoryIds: [categoryId],
        address: { street: { fr: 'Boulevard Auguste Reyers' }, number: String(1 + i), postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } },
      }),
    });
    for (const step of ['submit', 'validate']) site = await json(`${organisationsUrl}/sites/${site.id}/workflow/${step}`, { method: 'POST', headers: { 'if-match': `"${site.version}"` } });
    await json(`${organisationsUrl}/sites/${site.id}/workflow/publish`, { method: 'POST', headers: { 'if-match': `"${site.version}"` } });
    const published = performance.now();
    for (;;) {
      const found = await json(`${searchUrl}/search?q=${token}&size=1`);
      if (found.total > 0) break;
      if (performance.now() - published > 30_000) throw new Error(`site ${site.id} not searchable after 30 s`);
      await sleep(5);
    }
    latencies.push(performance.now() - published);
  }
  latencies.sort((a, b) => a - b);
  const publication = { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)! };
  log(`publication → searchable measured (${PUBLICATIONS} sites): p50 ${publication.p50.toFixed(0)} ms, p95 ${publication.p95.toFixed(0)} ms`);

  // 2. Throughput under concurrent mixed queries.
  const queries = mixedSearchQueries(2_000);
  for (const q of queries.slice(0, 200)) await json(`${searchUrl}/search?${q}`); // warm-up
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1_000;
  const client = async (offset: number) => {
    for (let i = offset; performance.now() < deadline; i += CLIENTS) {
      const started = performance.now();
      try {
        await get(`${searchUrl}/search?${queries[i % queries.length]}`);
        samples.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  const loadStart = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const elapsed = (performance.now() - loadStart) / 1000;
  samples.sort((a, b) => a - b);
  const load = { queries: samples.length, errors, qps: samples.length / elapsed, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };

  const ok = {
    publication: publication.p95 <= TARGETS.publicationP95Ms,
    qps: load.qps >= TARGETS.qps,
    p95: load.p95 <= TARGETS.p95Ms,
    p99: load.p99 <= TARGETS.p99Ms,
  };
  const mark = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  log(`documents: ${total} (demo sites and practices + ${PROVIDERS} generated providers)`);
  log(`publication → searchable (${PUBLICATIONS} sites): p50 ${publication.p50.toFixed(0)} ms, p95 ${publication.p95.toFixed(0)} ms, max ${publication.max.toFixed(0)} ms  [${mark(ok.publication)} p95 ≤ ${TARGETS.publicationP95Ms} ms]`);
  log(`mixed queries, ${CLIENTS} clients, ${SECONDS} s: ${load.queries} queries, ${load.errors} errors, ${load.qps.toFixed(0)} q/s [${mark(ok.qps)} ≥ ${TARGETS.qps}], p50 ${load.p50.toFixed(1)} ms, p95 ${load.p95.toFixed(1)} ms [${mark(ok.p95)} ≤ ${TARGETS.p95Ms}], p99 ${load.p99.toFixed(1)} ms [${mark(ok.p99)} ≤ ${TARGETS.p99Ms}]`);
  exitCode = Object.values(ok).every(Boolean) && errors === 0 ? 0 : 1;
} finally {
  await stop();
}
process.exit(exitCode);
