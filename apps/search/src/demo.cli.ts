import { eventBusFromEnv } from '@care/service-kit';
import { catchUpLive, openSearchRuntime } from './search.runtime.js';

/**
 * `node dist/demo.cli.js` on DATABASE_URL (the migrated search database) and the event bus:
 * applies every event the other demo loaders published and indexes the documents, so that search
 * answers as soon as the platform prints its URLs. Idempotent (the inbox skips what was applied).
 */
const transport = eventBusFromEnv('search-loader');
if (!process.env['DATABASE_URL'] || !transport) {
  process.stderr.write('DATABASE_URL and EVENT_BUS_DATABASE_URL: required (the search database and the event bus)\n');
  process.exit(78);
}
const runtime = await openSearchRuntime();
try {
  const t0 = Date.now();
  const { generation, documents } = await catchUpLive(runtime, transport);
  process.stdout.write(`search: generation ${generation}: ${await runtime.engine.count(generation)} documents searchable (${documents} indexed now) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
} finally {
  await runtime.close();
  await transport.close();
}
