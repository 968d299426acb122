import { fork, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AuthorityQuery } from '@care/search-domain';
import { SEARCH_CONFIG, type SearchConfig } from '../config/search.config.js';
import type { AuthorityExportFormat, ExportHead } from './authority.exports.js';

/** What the export process is given (over IPC: the database URL never shows in a process list). */
export interface ExportJob {
  query: AuthorityQuery;
  format: AuthorityExportFormat;
  now: string;
  databaseUrl: string;
}

export type ExportWorkerMessage = { type: 'head'; head: ExportHead } | { type: 'done'; rows: number } | { type: 'error'; status: number; message: string };

/** The export process's heap, bounded as the importers' are: it streams, a batch at a time. */
export const EXPORT_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=160'];
const WORKER = fileURLToPath(new URL('./authority-export.cli.js', import.meta.url));

/**
 * Runs each authority export in a process of its own (ADR 0012): the search process holds the
 * in-process replica of every search document, and an export of the whole Region would otherwise
 * add its working set and its CPU to the process answering searches. At most
 * AUTHORITY_EXPORT_CONCURRENCY run at once; the others wait their turn.
 */
@Injectable()
export class AuthorityExportRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('AuthorityExports');
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly children = new Set<ChildProcess>();

  constructor(@Inject(SEARCH_CONFIG) private readonly config: SearchConfig) {}

  /** A service stopping stops its exports (their callers' connections are closing anyway). */
  onApplicationShutdown(): void {
    for (const child of this.children) child.kill('SIGTERM');
  }

  /** Calls `open` with the head once the rows are counted and streams the file into what it returns; resolves with the rows written. */
  async export(query: AuthorityQuery, format: AuthorityExportFormat, open: (head: ExportHead) => Writable, now = new Date()): Promise<number> {
    if (this.running >= this.config.AUTHORITY_EXPORT_CONCURRENCY) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.inProcess({ query, format, now: now.toISOString(), databaseUrl: this.config.DATABASE_URL }, open);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private inProcess(job: ExportJob, open: (head: ExportHead) => Writable): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = fork(WORKER, [], { execArgv: EXPORT_NODE_FLAGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'] });
      this.children.add(child);
      const data = child.stdio[4] as Readable;
      let out: Writable | null = null;
      let rows: number | null = null;
      let reported: Error | null = null;
      child.on('message', (message: ExportWorkerMessage) => {
        if (message.type === 'head') {
          out = open(message.head);
          // The caller gone: the export process is stopped (and its snapshot released) at once.
          out.once('close', () => {
            data.unpipe(out!);
            data.resume(); // what is still in the pipe is dropped, so that 'close' comes
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          });
          // Ended here, only once the process said it wrote everything: a failure mid-file cuts
          // the answer instead of ending it as if it were whole.
          data.pipe(out, { end: false });
        } else if (message.type === 'done') {
          rows = message.rows;
        } else {
          reported = Object.assign(new Error(message.message), { status: message.status });
        }
      });
      child.once('error', (error) => {
        // Not started, or its channel broken: nothing more will come from it.
        this.children.delete(child);
        this.logger.error({ err: error }, 'export process failed');
        out?.destroy();
        reject(Object.assign(new Error('export process failed'), { status: 500 }));
      });
      child.once('exit', () => {
        if (!out) data.resume(); // nowhere to stream to: drained, so that 'close' comes
      });
      child.once('close', (code, signal) => {
        this.children.delete(child);
        const gone = () => reject(new Error('export destination closed before the end'));
        if (out?.destroyed) return gone();
        if (reported) {
          out?.destroy(); // failed midway: the answer is cut, not ended as if whole
          return reject(reported);
        }
        if (code === 0 && rows !== null && out) {
          out.end();
          finished(out).then(() => resolve(rows!), gone);
          return;
        }
        out?.destroy();
        this.logger.error({ code, signal }, 'export process failed');
        reject(Object.assign(new Error(`export process ended with ${signal ?? `code ${code}`}`), { status: 500 }));
      });
      child.send(job);
    });
  }
}
