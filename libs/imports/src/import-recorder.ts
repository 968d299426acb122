import type { EntityManager } from '@mikro-orm/postgresql';
import { ImportConflict, ImportRejection, ImportRun, type ImportCounts } from './import-run.entities.js';

const MAX_STORED_REJECTIONS = 10_000;

/**
 * Records an import run as it goes: rejected rows are written in batches (each counted, at most
 * 10,000 kept with their line), conflicts one by one, the run itself at the start and the end.
 * Works on its own forks so an import's data transactions never carry its bookkeeping.
 */
export class ImportRecorder {
  readonly counts: ImportCounts = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, conflicts: 0 };
  private run!: ImportRun;
  private buffer: ImportRejection[] = [];
  private stored = 0;

  private constructor(private readonly em: EntityManager) {}

  static async start(em: EntityManager, run: { kind: string; actor: string; source: string; extractNumber?: number | null }): Promise<ImportRecorder> {
    const recorder = new ImportRecorder(em);
    const fork = em.fork();
    recorder.run = fork.create(ImportRun, { ...run, extractNumber: run.extractNumber ?? null, startedAt: new Date(), status: 'running', counts: recorder.counts });
    await fork.flush();
    return recorder;
  }

  get runId(): string {
    return this.run.id;
  }

  set extractNumber(value: number) {
    this.run.extractNumber = value;
  }

  count(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  async reject(file: string, line: number, reason: string, raw: string): Promise<void> {
    this.counts.rejected++;
    await this.store('rejected', file, line, reason, raw);
  }

  /** A row taken with a remark (e.g. a translation copied from the other language). */
  async warn(file: string, line: number, reason: string, raw = ''): Promise<void> {
    this.count('warnings');
    await this.store('warning', file, line, reason, raw);
  }

  private async store(severity: 'rejected' | 'warning', file: string, line: number, reason: string, raw: string): Promise<void> {
    if (this.stored >= MAX_STORED_REJECTIONS) return;
    this.stored++;
    this.buffer.push(Object.assign(new ImportRejection(), { runId: this.run.id, severity, file, line, reason, raw: raw.slice(0, 1_000) }));
    if (this.buffer.length >= 500) await this.flushRejections();
  }

  /** Records a conflict in the caller's transaction (with the change it stands for). */
  conflict(em: EntityManager, conflict: { entityType: string; entityId: string; field: string; current: unknown; incoming: unknown }): void {
    this.counts.conflicts++;
    em.create(ImportConflict, { ...conflict, runId: this.run.id, status: 'open', createdAt: new Date() });
  }

  async finish(status: 'succeeded' | 'failed' | 'refused', message: string | null = null): Promise<ImportRun> {
    await this.flushRejections();
    const fork = this.em.fork();
    const run = await fork.findOneOrFail(ImportRun, { id: this.run.id });
    Object.assign(run, { status, message, counts: { ...this.counts }, finishedAt: new Date(), extractNumber: this.run.extractNumber });
    await fork.flush();
    return run;
  }

  private async flushRejections(): Promise<void> {
    if (this.buffer.length === 0) return;
    const fork = this.em.fork();
    for (const r of this.buffer) fork.persist(r);
    this.buffer = [];
    await fork.flush();
  }
}
