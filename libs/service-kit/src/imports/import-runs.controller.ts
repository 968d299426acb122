import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { NotFoundError } from '@care/kernel';
import { ImportRejectionEntity, ImportRunEntity, type ImportRun } from '@care/imports';
import { UnitOfWork } from '@care/persistence';
import { ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { validate } from '../http/zod.pipe.js';

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

/** Import runs of the service and the rows they refused or warned about (every service with imports). */
@ApiTags('imports')
@Controller('imports/runs')
export class ImportRunsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @ApiOperation({ summary: 'Import runs, newest first (who, when, file, extract number, counts)' })
  @ApiZodQuery(runsQuerySchema)
  @ApiZodResponse(200, z.array(runSchema))
  async runs(@Query(validate(runsQuerySchema)) query: z.output<typeof runsQuerySchema>) {
    const where = query.kind ? { kind: query.kind } : {};
    return (await this.uow.read().find(ImportRunEntity, where, { orderBy: { id: 'desc' }, limit: query.limit })).map(runView);
  }

  @Get(':id')
  @ApiZodResponse(200, runSchema)
  async run(@Param('id', validate(idParam, 'id')) id: string) {
    const run = await this.uow.read().findOne(ImportRunEntity, { id });
    if (!run) throw new NotFoundError({ fr: 'Import', nl: 'Import' }, id);
    return runView(run);
  }

  @Get(':id/rejections')
  @ApiOperation({ summary: 'Rows the run refused (or took with a warning): file, line number and reason' })
  @ApiZodQuery(rejectionsQuerySchema)
  @ApiZodResponse(200, z.object({ items: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string(), raw: z.string() })), total: z.number().int(), page: z.number().int(), size: z.number().int() }))
  async rejections(@Param('id', validate(idParam, 'id')) id: string, @Query(validate(rejectionsQuerySchema)) query: z.output<typeof rejectionsQuerySchema>) {
    const [items, total] = await this.uow
      .read()
      .findAndCount(ImportRejectionEntity, { runId: id, severity: query.severity }, { orderBy: { id: 'asc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { items: items.map((r) => ({ file: r.file, line: r.line, reason: r.reason, raw: r.raw })), total, page: query.page, size: query.size };
  }
}
