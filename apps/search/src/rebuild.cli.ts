import { eventBusFromEnv } from '@care/service-kit';
import { openSearchRuntime, rebuild } from './search.runtime.js';

/**
 * `npm run search:rebuild` (DATABASE_URL of the search database, the event bus variables, and
 * SEARCH_ENGINE as the service uses): rebuilds the index from the event log and swaps it in with
 * no downtime. `--abandon` discards a generation left half-built by a rebuild that died.
 */
const transport = eventBusFromEnv('search-rebuild');
if (!process.env['DATABASE_URL'] || !transport) {
  process.stderr.write('DATABASE_URL and EVENT_BUS_DATABASE_URL (or KAFKA_BROKERS): required\n');
  process.exit(78);
}
const log = (line: string) => process.stdout.write(`search rebuild: ${line}\n`);
const runtime = await openSearchRuntime();
try {
  if (process.argv.includes('--abandon')) {
    const abandoned = await runtime.generations.abandonBuilding();
    log(abandoned ? `generation ${abandoned} discarded` : 'no generation was being built');
  } else {
    const t0 = Date.now();
    const result = await rebuild(runtime, transport, log);
    log(`generation ${result.generation} active with ${result.documents} documents (replaced ${result.previous ?? 'none'}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  await runtime.close();
  await transport.close();
}
