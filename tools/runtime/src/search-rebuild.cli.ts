import { spawn } from 'node:child_process';
import { platformServer } from './platform-server.js';
import { REPO_ROOT, serviceCli } from './services.js';

/**
 * `npm run search:rebuild [-- --abandon]`: rebuilds the search index from the event log and swaps
 * it in while search keeps answering. On the platform of `npm start` (running or not: it uses the
 * embedded cluster in place, or starts it), or on the server of DATABASE_URL.
 */
const server = await platformServer();
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [serviceCli('search', 'rebuild.cli.js'), ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { EVENT_BUS_DATABASE_URL: server.databaseUrl('event-bus'), ...process.env, DATABASE_URL: server.databaseUrl('search') },
  });
  child.on('exit', resolve);
});
await server.close();
process.exit(code ?? 1);
