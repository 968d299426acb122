import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ConflictError } from '@care/kernel';
import { ImportConflictEntity } from '@care/imports';
import { UnitOfWork } from '@care/persistence';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { OrganisationConflictResolver } from './organisation-conflict.resolver.js';

const idParam = z.string().regex(/^\d{1,18}$/);
const conflictsQuerySchema = z.object({ status: z.enum(['open', 'kept', 'applied']).default('open') }).strict();
const resolutionSchema = z.object({ decision: z.enum(['keep', 'apply']) }).strict();
const STATUSES = z.enum(['open', 'kept', 'applied']);
const conflictSchema = z.object({ id: z.string(), runId: z.string(), entityType: z.string(), entityId: z.string(), field: z.string(), current: z.unknown(), incoming: z.unknown(), status: STATUSES, createdAt: z.iso.datetime({ offset: true }) });

/** Conflicts imports raised for review: values an authentic source wanted to change but staff had validated. */
@ApiTags('imports')
@Controller('imports/conflicts')
export class ImportConflictsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conflicts: OrganisationConflictResolver,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Values an authentic source wanted to change but staff had validated' })
  @ApiZodQuery(conflictsQuerySchema)
  @ApiZodResponse(200, z.array(conflictSchema))
  async list(@Query(validate(conflictsQuerySchema)) query: z.output<typeof conflictsQuerySchema>) {
    const items = await this.uow.read().find(ImportConflictEntity, { status: query.status }, { orderBy: { id: 'asc' }, limit: 1_000 });
    return items.map((c) => ({ id: c.id, runId: c.runId, entityType: c.entityType, entityId: c.entityId, field: c.field, current: c.current, incoming: c.incoming, status: c.status, createdAt: c.createdAt.toISOString() }));
  }

  @Post(':id/resolve')
  @ApiOperation({ summary: 'Keep the staff value, or apply the source value' })
  @ApiZodBody(resolutionSchema)
  @ApiZodResponse(201, z.object({ id: z.string(), status: STATUSES }))
  async resolve(@Param('id', validate(idParam, 'id')) id: string, @Body(validate(resolutionSchema)) body: z.output<typeof resolutionSchema>, @Actor() actor: string) {
    const conflict = await this.conflicts.resolve(id, body.decision, actor);
    if (!conflict) throw new ConflictError('import.conflict_resolved', { fr: 'Ce conflit est déjà résolu', nl: 'Dit conflict is al opgelost' });
    return { id: conflict.id, status: conflict.status };
  }
}
