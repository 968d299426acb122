import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { publishedOrganisationSchema } from '@care/contracts';
import { NotFoundError } from '@care/kernel';
import { checkEnterpriseNumber, organisationInputSchema, type Organisation, type OrganisationInput } from '@care/organisations-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, IfMatchVersion, setEtag, validate } from '@care/service-kit';
import { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../persistence/entities/organisation.entity.js';
import { pageSchema } from '../sites/site.views.js';
import { ORGANISATION_LABEL, OrganisationCommands } from './organisation.commands.js';

const idParam = z.coerce.number().int().positive().max(2_147_483_647);
const organisationViewSchema = publishedOrganisationSchema.extend({ version: z.number().int(), createdAt: z.iso.datetime({ offset: true }) });
const listQuerySchema = z
  .object({
    enterpriseNumber: z.string().max(20).optional(),
    q: z.string().trim().min(2).max(100).optional(),
    status: z.enum(['active', 'struck-off']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const strikeOffSchema = z.object({ date: z.iso.date() }).strict();
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed' };

function view(organisation: Organisation): z.output<typeof organisationViewSchema> {
  return { ...organisation.toPublished(), version: organisation.version, createdAt: organisation.createdAt.toISOString() };
}

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly commands: OrganisationCommands,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an organisation (legal entity)' })
  @ApiZodBody(organisationInputSchema)
  @ApiZodResponse(201, organisationViewSchema)
  async create(@Body(validate(organisationInputSchema)) input: OrganisationInput, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const organisation = await this.commands.create(input, actor);
    setEtag(res, organisation.version);
    res.location(`/organisations/${organisation.id}`);
    return view(organisation);
  }

  @Get()
  @ApiOperation({ summary: 'Find organisations by enterprise number or name' })
  @ApiZodQuery(listQuerySchema)
  @ApiZodResponse(200, pageSchema(organisationViewSchema))
  async list(@Query(validate(listQuerySchema)) query: z.output<typeof listQuerySchema>) {
    const where: Record<string, unknown> = {};
    if (query.enterpriseNumber) {
      const check = checkEnterpriseNumber(query.enterpriseNumber);
      if (!check.ok) return { items: [], total: 0, page: query.page, size: query.size };
      where['enterpriseNumbers'] = { $contains: [check.value] };
    }
    if (query.status) where['status'] = query.status;
    if (query.q) where['searchText'] = { $like: `%${query.q.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%` };
    const [items, total] = await this.uow.read().findAndCount(OrganisationEntity, where, { orderBy: { id: 'asc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { items: items.map(view), total, page: query.page, size: query.size };
  }

  @Get(':id')
  @ApiZodResponse(200, organisationViewSchema)
  async get(@Param('id', validate(idParam, 'id')) id: number, @Res({ passthrough: true }) res: Response) {
    const organisation = await this.uow.read().findOne(OrganisationEntity, { id });
    if (!organisation) throw new NotFoundError(ORGANISATION_LABEL, id);
    setEtag(res, organisation.version);
    return view(organisation);
  }

  @Put(':id')
  @ApiHeader(IF_MATCH)
  @ApiZodBody(organisationInputSchema)
  @ApiZodResponse(200, organisationViewSchema)
  async update(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(organisationInputSchema)) input: OrganisationInput,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const organisation = await this.commands.update(id, version, input, actor);
    setEtag(res, organisation.version);
    return view(organisation);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the organisation’s identity and legal facts (imports then record conflicts instead of overwriting)' })
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, organisationViewSchema)
  async validate(@Param('id', validate(idParam, 'id')) id: number, @IfMatchVersion() version: number, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const organisation = await this.commands.validate(id, version, actor);
    setEtag(res, organisation.version);
    return view(organisation);
  }

  @Post(':id/strike-off')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag the organisation as struck off at the KBO/BCE (never deleted)' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(strikeOffSchema)
  @ApiZodResponse(200, organisationViewSchema)
  async strikeOff(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(strikeOffSchema)) body: z.output<typeof strikeOffSchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const organisation = await this.commands.strikeOff(id, version, body.date);
    setEtag(res, organisation.version);
    return view(organisation);
  }
}
