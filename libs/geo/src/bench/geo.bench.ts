import os from 'node:os';
import { BrusselsGeography } from '../brussels-geography.js';
import { StreetDirectory } from '../street-directory.js';
import { seededRandom } from '../seeded-random.js';

/**
 * `npm run bench:geo`: enriches POINTS random points (uniform over the Region's bounding box,
 * fixed seed, so about 58 % fall inside the Region) with `locate`, after timing the loading of
 * the geography and of the street register on their own. Target: under 5 s in all.
 */
const POINTS = Number(process.env['BENCH_POINTS'] ?? 100_000);
const SEED = 20_260_101;

const ms = (from: number) => performance.now() - from;

let t = performance.now();
const geo = BrusselsGeography.load();
const loadGeography = ms(t);

t = performance.now();
const streets = StreetDirectory.load();
const loadStreets = ms(t);

const { south, west, north, east } = geo.bounds();
const random = seededRandom(SEED);
const lats = new Float64Array(POINTS);
const lons = new Float64Array(POINTS);
for (let i = 0; i < POINTS; i++) {
  lats[i] = south + random() * (north - south);
  lons[i] = west + random() * (east - west);
}

let inside = 0;
let withSector = 0;
let withDistrict = 0;
t = performance.now();
for (let i = 0; i < POINTS; i++) {
  const location = geo.locate(lats[i]!, lons[i]!);
  if (location.insideRegion) inside++;
  if (location.statisticalSector) withSector++;
  if (location.monitoringDistrict) withDistrict++;
}
const enrich = ms(t);

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}, Node ${process.version}`;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const total = loadGeography + loadStreets + enrich;

const out = [
  `## Geo enrichment — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${machine}`,
  '',
  '| measure | result |',
  '|---|---|',
  `| load geography (${geo.municipalities().length} municipalities, ${geo.sectors().length} sectors, ${geo.monitoringDistricts().length} districts) | ${fmt(loadGeography)} ms |`,
  `| load street register (${streets.postcodes().length} postcodes) | ${fmt(loadStreets)} ms |`,
  `| locate ${fmt(POINTS)} random points (seed ${SEED}) | ${fmt(enrich)} ms, ${fmt(POINTS / (enrich / 1000))} points/s, ${((enrich * 1000) / POINTS).toFixed(1)} µs/point |`,
  `| points inside the Region / with a sector / with a district | ${fmt(inside)} / ${fmt(withSector)} / ${fmt(withDistrict)} |`,
  `| total (loads + enrichment) | ${fmt(total)} ms (target < 5,000 ms) |`,
];
process.stdout.write(`${out.join('\n')}\n`);
