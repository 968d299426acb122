import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { publishedCategorySchema, publishedSectorSchema } from '@care/contracts';
import { NotFoundError } from '@care/kernel';
import { categoryInputSchema, publishedSector, type Category, type CategoryInput } from '@care/organisations-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, IfMatchVersion, setEtag, validate } from '@care/service-kit';
import { UnitOfWork } from '@care/persistence';
import { CategoryEntity, RubriqueEntity, SectorEntity, TaxonomyChangeEntity } from '../persistence/entities/taxonomy.entity.js';
import { CATEGORY_LABEL, sectorInputSchema, TaxonomyCommands } from './taxonomy.commands.js';

const idParam = z.coerce.number().int().positive().max(2_147_483_647);
const categoryViewSchema = publishedCategorySchema.extend({ version: z.number().int(), updatedAt: z.iso.datetime({ offset: true }) });
const treeSchema = z.array(publishedSectorSchema.extend({ version: z.number().int(), rubriques: z.array(z.object({ id: z.number(), name: z.object({ fr: z.string(), nl: z.string() }), categoryIds: z.array(z.number()) })) }));
const changesQuerySchema = z
  .object({
    since: z.iso.datetime({ offset: true }),
    type: z.enum(['category', 'sector']).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(200),
  })
  .strict();
const changeSchema = z.object({
  id: z.string(),
  entityType: z.enum(['category', 'sector']),
  entityId: z.number().int(),
  changes: z.array(z.string()),
  at: z.iso.datetime({ offset: true }),
  before: z.unknown(),
  after: z.unknown(),
});
const categoryListQuerySchema = z.object({ status: z.enum(['active', 'retired']).optional(), sector: z.coerce.number().int().positive().optional() }).strict();
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed' };

const categoryView = (c: Category) => ({ ...c.toPublished(), version: c.version, updatedAt: c.updatedAt.toISOString() });

@ApiTags('taxonomy')
@Controller('taxonomy')
export class TaxonomyController {
  constructor(
    private readonly commands: TaxonomyCommands,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('tree')
  @ApiOperation({ summary: 'Sectors → rubriques → active category ids, FR/NL' })
  @ApiZodResponse(200, treeSchema)
  async tree() {
    const em = this.uow.read();
    const [sectors, rubriques, categories] = await Promise.all([
      em.find(SectorEntity, {}, { orderBy: { position: 'asc' } }),
      em.find(RubriqueEntity, {}, { orderBy: { position: 'asc' } }),
      em.find(CategoryEntity, { status: 'active' }, { fields: ['id', 'rubriqueIds'] }),
    ]);
    return sectors.map((sector) => ({
      ...publishedSector(sector, rubriques),
      version: sector.version,
      rubriques: rubriques
        .filter((r) => r.sectorId === sector.id)
        .map((r) => ({ id: r.id, name: r.name, categoryIds: categories.filter((c) => c.rubriqueIds.includes(r.id)).map((c) => c.id) })),
    }));
  }

  @Get('categories')
  @ApiOperation({ summary: 'All categories, with names, definitions, keywords and placements' })
  @ApiZodQuery(categoryListQuerySchema)
  @ApiZodResponse(200, z.array(categoryViewSchema))
  async categories(@Query(validate(categoryListQuerySchema)) query: z.output<typeof categoryListQuerySchema>) {
    const where: Record<string, unknown> = {};
    if (query.status) where['status'] = query.status;
    if (query.sector) where['sectorIds'] = { $overlap: [query.sector] };
    return (await this.uow.read().find(CategoryEntity, where, { orderBy: { id: 'asc' } })).map(categoryView);
  }

  @Get('categories/:id')
  @ApiZodResponse(200, categoryViewSchema)
  async category(@Param('id', validate(idParam, 'id')) id: number, @Res({ passthrough: true }) res: Response) {
    const category = await this.uow.read().findOne(CategoryEntity, { id });
    if (!category) throw new NotFoundError(CATEGORY_LABEL, id);
    setEtag(res, category.version);
    return categoryView(category);
  }

  @Post('categories')
  @ApiOperation({ summary: 'Create a category' })
  @ApiZodBody(categoryInputSchema)
  @ApiZodResponse(201, categoryViewSchema)
  async create(@Body(validate(categoryInputSchema)) input: CategoryInput, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const category = await this.commands.createCategory(input, actor);
    setEtag(res, category.version);
    return categoryView(category);
  }

  @Put('categories/:id')
  @ApiOperation({ summary: 'Rename, redefine, move or relate a category' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(categoryInputSchema)
  @ApiZodResponse(200, categoryViewSchema)
  async update(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(categoryInputSchema)) input: CategoryInput,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const category = await this.commands.updateCategory(id, version, input, actor);
    setEtag(res, category.version);
    return categoryView(category);
  }

  @Post('categories/:id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a category (kept in the history; no longer assignable)' })
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, categoryViewSchema)
  async retire(@Param('id', validate(idParam, 'id')) id: number, @IfMatchVersion() version: number, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const category = await this.commands.retireCategory(id, version, actor);
    setEtag(res, category.version);
    return categoryView(category);
  }

  @Post('categories/:id/restore')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, categoryViewSchema)
  async restore(@Param('id', validate(idParam, 'id')) id: number, @IfMatchVersion() version: number, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const category = await this.commands.retireCategory(id, version, actor, true);
    setEtag(res, category.version);
    return categoryView(category);
  }

  @Put('sectors/:id')
  @ApiOperation({ summary: 'Rename or redefine a sector, and set its rubriques' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(sectorInputSchema)
  @ApiZodResponse(200, z.object({ id: z.number().int(), version: z.number().int() }))
  async updateSector(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(sectorInputSchema)) input: z.output<typeof sectorInputSchema>,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const sector = await this.commands.updateSector(id, version, input, actor);
    setEtag(res, sector.version);
    return { id: sector.id, version: sector.version };
  }

  @Get('changes')
  @ApiOperation({ summary: 'What changed in the thematic tree since a date (created, renamed, redefined, moved, retired…), oldest first' })
  @ApiZodQuery(changesQuerySchema)
  @ApiZodResponse(200, z.array(changeSchema))
  async changes(@Query(validate(changesQuerySchema)) query: z.output<typeof changesQuerySchema>) {
    const where: Record<string, unknown> = { at: { $gt: new Date(query.since) } };
    if (query.type) where['entityType'] = query.type;
    const rows = await this.uow.read().find(TaxonomyChangeEntity, where, { orderBy: { id: 'asc' }, limit: query.limit });
    return rows.map((r) => ({ id: r.id, entityType: r.entityType, entityId: r.entityId, changes: r.changes, at: r.at.toISOString(), before: r.before, after: r.after }));
  }
}
