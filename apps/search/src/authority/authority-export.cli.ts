import net from 'node:net';
import { openServiceOrm } from '@care/persistence';
import { SEARCH_DATABASE } from '../persistence/search.database.js';
import { IndexState } from '../projection/index-state.js';
import { AuthorityExports } from './authority.exports.js';
import { AuthorityQueries } from './authority.queries.js';
import type { ExportJob, ExportWorkerMessage } from './authority-export.runner.js';

/**
 * One authority export, in its own process (started by AuthorityExportRunner with a bounded heap):
 * the job arrives on the IPC channel, the file leaves on fd 4, the head, the row count or the
 * failure go back on the IPC channel. Not a command for people.
 */
const send = (message: ExportWorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

const job = await new Promise<ExportJob>((resolve) => process.once('message', (message) => resolve(message as ExportJob)));
const out = new net.Socket({ fd: 4, readable: false, writable: true });
// The parent gone (its answer closed) closes the pipe: stop writing, the snapshot is released on exit.
out.on('error', () => process.exit(2));
const orm = await openServiceOrm({ service: 'search-export', databaseUrl: job.databaseUrl, entities: SEARCH_DATABASE.entities, migrationsDir: SEARCH_DATABASE.migrationsDir, poolMax: 1 });
let exitCode = 0;
try {
  const state = new IndexState(orm);
  const exports = new AuthorityExports(orm, state, new AuthorityQueries(orm, state));
  let opened: Promise<void> = Promise.resolve();
  const rows = await exports.export(job.query, job.format, (head) => {
    opened = send({ type: 'head', head });
    return out;
  }, new Date(job.now));
  await opened;
  await send({ type: 'done', rows });
} catch (error) {
  exitCode = 1;
  const status = (error as { getStatus?: () => number }).getStatus?.() ?? 500;
  process.stderr.write(`authority export failed: ${(error as Error).stack ?? String(error)}\n`);
  await send({ type: 'error', status, message: status < 500 ? (error as Error).message : 'export failed' });
} finally {
  await orm.close();
}
process.exit(exitCode);
