import { defineEntity, p } from '@mikro-orm/core';

export const IMPORT_RUN_STATUSES = ['running', 'succeeded', 'failed', 'refused'] as const;

export interface ImportCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: number;
  [other: string]: number;
}

/** One execution of an import: who, when, what, and what came of it. */
export class ImportRun {
  id!: string;
  kind!: string;
  actor!: string;
  source!: string;
  extractNumber: number | null = null;
  status: (typeof IMPORT_RUN_STATUSES)[number] = 'running';
  counts: ImportCounts = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, conflicts: 0 };
  message: string | null = null;
  startedAt!: Date;
  finishedAt: Date | null = null;
}

/** A row an import refused (`rejected`), or took with a remark (`warning`), with where it was and why. */
export class ImportRejection {
  id!: string;
  runId!: string;
  severity: 'rejected' | 'warning' = 'rejected';
  file!: string;
  line!: number;
  reason!: string;
  raw!: string;
}

/**
 * A value an authentic source wants to change but staff validated by hand: kept as is, recorded
 * for review (`applied` takes the source's value, `kept` confirms the staff's).
 */
export class ImportConflict {
  id!: string;
  runId!: string;
  entityType!: string;
  entityId!: string;
  field!: string;
  current!: unknown;
  incoming!: unknown;
  status: 'open' | 'kept' | 'applied' = 'open';
  createdAt!: Date;
  resolvedAt: Date | null = null;
  resolvedBy: string | null = null;
}

export const ImportRunEntity = defineEntity({
  class: ImportRun,
  tableName: 'import_run',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    kind: p.text().index('import_run_kind_index'),
    actor: p.text(),
    source: p.text(),
    extractNumber: p.integer().nullable(),
    status: p.enum(IMPORT_RUN_STATUSES),
    counts: p.json<ImportCounts>(),
    message: p.text().nullable(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
});

export const ImportRejectionEntity = defineEntity({
  class: ImportRejection,
  tableName: 'import_rejection',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    runId: p.bigint('string').index('import_rejection_run_index'),
    severity: p.enum(['rejected', 'warning'] as const),
    file: p.text(),
    line: p.integer(),
    reason: p.text(),
    raw: p.text(),
  },
});

export const ImportConflictEntity = defineEntity({
  class: ImportConflict,
  tableName: 'import_conflict',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    runId: p.bigint('string'),
    entityType: p.text(),
    entityId: p.text(),
    field: p.text(),
    current: p.json<unknown>().nullable(),
    incoming: p.json<unknown>().nullable(),
    status: p.enum(['open', 'kept', 'applied'] as const).index('import_conflict_status_index'),
    createdAt: p.datetime(),
    resolvedAt: p.datetime().nullable(),
    resolvedBy: p.text().nullable(),
  },
});

export const IMPORT_ENTITIES = [ImportRunEntity, ImportRejectionEntity, ImportConflictEntity];
