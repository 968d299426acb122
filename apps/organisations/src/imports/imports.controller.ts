import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '@care/kernel';
import { ImportConflictEntity, ImportRejectionEntity, ImportRunEntity, type ImportRun } from '@care/imports';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { UnitOfWork } from '@care/persistence';
import { OrganisationConflictResolver } from './organisation-conflict.resolver.js';

const idParam = z.string().regex(/^\d{1,18}$/);
const runSchema = z.object({
  id: z.string(),
  kind: z.string(),
  actor: z.string(),
  source: z.string(),
  extractNumber: z.number().int().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'refused']),
  counts: z.record(z.string(), z.number()),
  message: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
const runsQuerySchema = z.object({ kind: z.string().max(50).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const rejectionsQuerySchema = z
  .object({
    severity: z.enum(['rejected', 'warning']).default('rejected'),
    page: z.coerce.number().int().min(1).default(1),
    size: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .strict();
const conflictsQuerySchema = z.object({ status: z.enum(['open', 'kept', 'applied']).default('open') }).strict();
const resolutionSchema = z.object({ decision: z.enum(['keep', 'apply']) }).strict();

const runView = (run: ImportRun) => ({
  id: run.id,
  kind: run.kind,
  actor: run.actor,
  source: run.source,
  extractNumber: run.extractNumber,
  status: run.status,
  counts: run.counts,
  message: run.message,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

/** Import runs, their rejected rows, and the conflicts they raised for review. */
@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conflicts: OrganisationConflictResolver,
  ) {}

  @Get('runs')
  @ApiOperation({ summary: 'Import runs, newest first (who, when, file, extract number, counts)' })
  @ApiZodQuery(runsQuerySchema)
  @ApiZodResponse(200, z.array(runSchema))
  async runs(@Query(validate(runsQuerySchema)) query: z.output<typeof runsQuerySchema>) {
    const where = query.kind ? { kind: query.kind } : {};
    return (await this.uow.read().find(ImportRunEntity, where, { orderBy: { id: 'desc' }, limit: query.limit })).map(runView);
  }

  @Get('runs/:id')
  @ApiZodResponse(200, runSchema)
  async run(@Param('id', validate(idParam, 'id')) id: string) {
    const run = await this.uow.read().findOne(ImportRunEntity, { id });
    if (!run) throw new NotFoundError({ fr: 'Import', nl: 'Import' }, id);
    return runView(run);
  }

  @Get('runs/:id/rejections')
  @ApiOperation({ summary: 'Rows the run refused (or took with a warning): file, line number and reason' })
  @ApiZodQuery(rejectionsQuerySchema)
  async rejections(@Param('id', validate(idParam, 'id')) id: string, @Query(validate(rejectionsQuerySchema)) query: z.output<typeof rejectionsQuerySchema>) {
    const [items, total] = await this.uow
      .read()
      .findAndCount(ImportRejectionEntity, { runId: id, severity: query.severity }, { orderBy: { id: 'asc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { items: items.map((r) => ({ file: r.file, line: r.line, reason: r.reason, raw: r.raw })), total, page: query.page, size: query.size };
  }

  @Get('conflicts')
  @ApiOperation({ summary: 'Values an authentic source wanted to change but staff had validated' })
  @ApiZodQuery(conflictsQuerySchema)
  async listConflicts(@Query(validate(conflictsQuerySchema)) query: z.output<typeof conflictsQuerySchema>) {
    const items = await this.uow.read().find(ImportConflictEntity, { status: query.status }, { orderBy: { id: 'asc' }, limit: 1_000 });
    return items.map((c) => ({ id: c.id, runId: c.runId, entityType: c.entityType, entityId: c.entityId, field: c.field, current: c.current, incoming: c.incoming, status: c.status, createdAt: c.createdAt.toISOString() }));
  }

  @Post('conflicts/:id/resolve')
  @ApiOperation({ summary: 'Keep the staff value, or apply the source value' })
  @ApiZodBody(resolutionSchema)
  async resolve(@Param('id', validate(idParam, 'id')) id: string, @Body(validate(resolutionSchema)) body: z.output<typeof resolutionSchema>, @Actor() actor: string) {
    const conflict = await this.conflicts.resolve(id, body.decision, actor);
    if (!conflict) throw new ConflictError('import.conflict_resolved', { fr: 'Ce conflit est déjà résolu', nl: 'Dit conflict is al opgelost' });
    return { id: conflict.id, status: conflict.status };
  }
}

