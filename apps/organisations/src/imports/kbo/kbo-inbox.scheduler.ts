import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@care/persistence';
import { ORGANISATIONS_CONFIG } from '../../config/organisations-config.token.js';
import type { OrganisationsConfig } from '../../config/organisations.config.js';
import { runImportProcess } from '@care/imports';
import { IMPORT_CLI, importEnvironment } from '../import-process.js';
import { readKboMeta } from './kbo-meta.js';

/**
 * The scheduled KBO import: every KBO_SCAN_MINUTES, imports the extract folders dropped in
 * KBO_INBOX_DIR that have not been applied yet, in extract-number order (their meta.csv decides),
 * each in its own process (import.cli) so a full extract never weighs on the service. Refused
 * extracts (gaps) stay in the inbox and are retried at the next scan, once the missing one arrived.
 */
@Injectable()
export class KboInboxScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KboInbox');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(ORGANISATIONS_CONFIG) private readonly config: OrganisationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const inbox = this.config.KBO_INBOX_DIR;
    if (!inbox) return;
    this.timer = setInterval(() => void this.scan(), this.config.KBO_SCAN_MINUTES * 60_000);
    this.timer.unref();
    this.logger.log(`scanning ${inbox} for KBO extracts every ${this.config.KBO_SCAN_MINUTES} min`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the inbox (also used by tests and operators). */
  scan(): Promise<void> {
    this.running ??= this.importPending().finally(() => (this.running = undefined));
    return this.running;
  }

  private async importPending(): Promise<void> {
    const inbox = this.config.KBO_INBOX_DIR;
    if (!inbox || !existsSync(inbox)) return;
    const applied = new Set((await this.uow.read().execute<{ source: string }[]>(`select source from import_run where kind like 'kbo-%' and status = 'succeeded'`)).map((r) => r.source));
    const candidates = readdirSync(inbox)
      .map((name) => path.join(inbox, name))
      .filter((dir) => statSync(dir).isDirectory() && existsSync(path.join(dir, 'meta.csv')) && !applied.has(dir));
    const numbered: { dir: string; number: number }[] = [];
    for (const dir of candidates) {
      try {
        numbered.push({ dir, number: (await readKboMeta(dir)).number });
      } catch (error) {
        this.logger.warn(`KBO ${dir}: ${(error as Error).message}`);
      }
    }
    const folders = numbered.sort((a, b) => a.number - b.number).map((f) => f.dir);
    for (const dir of folders) {
      let output = '';
      const code = await runImportProcess(IMPORT_CLI, ['kbo', dir], importEnvironment(this.config, 'scheduler'), (text) => (output += text));
      // 0 succeeded, 2 refused (out of sequence: retried at the next scan), anything else failed.
      if (code === 0) this.logger.log(`KBO ${dir}: imported`);
      else if (code === 2) this.logger.warn(`KBO ${dir}: ${output.trim()}`);
      else {
        this.logger.error(`KBO ${dir} failed (exit ${code}): ${output.slice(-2_000)}`);
        break;
      }
    }
  }
}
