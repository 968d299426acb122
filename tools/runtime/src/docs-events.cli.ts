import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventsJsonSchema, eventsMarkdown } from '@care/contracts';
import { REPO_ROOT } from './services.js';

/** `npm run docs:events`: regenerates docs/events.md and docs/events.schema.json from libs/contracts. */
writeFileSync(path.join(REPO_ROOT, 'docs', 'events.md'), eventsMarkdown());
writeFileSync(path.join(REPO_ROOT, 'docs', 'events.schema.json'), `${JSON.stringify(eventsJsonSchema(), null, 2)}\n`);
process.stdout.write('wrote docs/events.md and docs/events.schema.json\n');
