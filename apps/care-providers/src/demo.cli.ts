import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cobrhaRows, writeCobrha } from './imports/cobrha/cobrha-extract.generator.js';
import { drainOutbox } from '@care/service-kit';
import { importCobrha } from './imports/import-runner.js';

/**
 * `node dist/demo.cli.js` on DATABASE_URL (a migrated care-providers database): once, imports a
 * generated CoBRHA-like extract (5,000 providers, 6,000 practices in real Brussels streets)
 * through the real importer, so the demo has the events and import run of a real load. Run by
 * `npm start`.
 */
const url = process.env['DATABASE_URL'];
if (!url) {
  process.stderr.write('DATABASE_URL: required (URL of the care-providers database)\n');
  process.exit(78);
}
const log = (line: string) => process.stdout.write(`care-providers: ${line}\n`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'care-demo-providers-'));
try {
  const file = path.join(dir, 'demo-cobrha.csv');
  const run = await importCobrha(url, file, 'demo', async (uow) => {
    const [{ n }] = await uow.read().execute<{ n: string }[]>('select count(*) as n from care_provider');
    if (Number(n) > 0) return false;
    await writeCobrha(file, cobrhaRows({ providers: 5_000, practices: 6_000, seed: 78 }));
    return true;
  });
  if (!run) log('demo data already present');
  else if (run.status !== 'succeeded') throw new Error(`demo import ${run.status}: ${run.message}`);
  else log(`demo data: ${run.counts['created']} providers imported`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// Other loaders (agréments: care providers as holders) may consume these events before the services run.
const published = await drainOutbox('care-providers', url);
if (published) log(`${published} events published to the event bus`);
