import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { siteInputSchema, type SiteInput, type SiteTransition } from '@care/organisations-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, IfMatchVersion, setEtag, validate } from '@care/service-kit';
import { SiteCommands } from './site.commands.js';
import { freshnessSchema, siteListQuerySchema, SiteQueries, type SiteListQuery } from './site.queries.js';
import { Caller, assertWritable, isRepresentative, type SiteCaller } from './site-caller.js';
import { pageSchema, publicSiteSummarySchema, siteAnyViewSchema, siteSummary, siteSummaryFor, siteSummarySchema, siteView, siteViewFor, siteViewSchema, type SiteView } from './site.views.js';

const idParam = z.coerce.number().int().positive().max(2_147_483_647);
const stepParam = z.enum(['submit', 'reject', 'validate', 'publish', 'make-internal', 'archive', 'restore']);
const verificationSchema = z.object({ withChanges: z.boolean(), note: z.string().trim().max(2_000).nullable().default(null) }).strict();
const campaignQuerySchema = z
  .object({
    months: z.coerce.number().int().min(1).max(120).default(12),
    municipality: z.string().regex(/^\d{5}$/).optional(),
    sector: z.coerce.number().int().positive().optional(),
    page: z.coerce.number().int().min(1).default(1),
    size: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
const geocodingQuerySchema = z
  .object({
    status: z.enum(['pending', 'not-found']).default('pending'),
    page: z.coerce.number().int().min(1).default(1),
    size: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
const freshnessQuerySchema = z.object({ months: z.coerce.number().int().min(1).max(120).default(12) }).strict();

const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed (from GET): a stale one gets 412' };

@ApiTags('sites')
@Controller()
export class SitesController {
  constructor(
    private readonly commands: SiteCommands,
    private readonly queries: SiteQueries,
  ) {}

  @Post('sites')
  @ApiOperation({ summary: 'Create a site (a fiche) as a draft' })
  @ApiZodBody(siteInputSchema)
  @ApiZodResponse(201, siteViewSchema, 'Created; ETag header holds its version')
  async create(@Body(validate(siteInputSchema)) input: SiteInput, @Actor() actor: string, @Caller() caller: SiteCaller, @Res({ passthrough: true }) res: Response): Promise<SiteView> {
    assertWritable(null, caller, 'edit');
    const site = await this.commands.create(input, actor);
    setEtag(res, site.version);
    res.location(`/sites/${site.id}`);
    return siteView(site);
  }

  @Get('sites')
  @ApiOperation({ summary: 'List of sites, with filters: every state for staff, its own organisation’s for a representative, published ones for everyone else' })
  @ApiZodQuery(siteListQuerySchema)
  @ApiZodResponse(200, pageSchema(z.union([siteSummarySchema, publicSiteSummarySchema])))
  async list(@Query(validate(siteListQuerySchema)) query: SiteListQuery, @Caller() caller: SiteCaller) {
    const scoped: SiteListQuery = {
      ...query,
      ...(caller.audience === 'internal' ? {} : { state: ['published'] }),
      ...(isRepresentative(caller) ? { organisationId: caller.organisationId! } : {}),
    };
    const { items, total } = await this.queries.list(scoped);
    return { items: items.map((site) => siteSummaryFor(site, caller)), total, page: query.page, size: query.size };
  }

  @Get('sites/:id')
  @ApiOperation({ summary: 'A site: the back-office view in any state for staff (and a representative, for its organisation), the public contract of published sites for everyone else' })
  @ApiZodResponse(200, siteAnyViewSchema)
  async get(@Param('id', validate(idParam, 'id')) id: number, @Caller() caller: SiteCaller, @Res({ passthrough: true }) res: Response) {
    const site = await this.queries.get(id);
    const view = siteViewFor(site, caller);
    setEtag(res, site.version);
    return view;
  }

  @Put('sites/:id')
  @ApiOperation({ summary: 'Replace the editable content of a site' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(siteInputSchema)
  @ApiZodResponse(200, siteViewSchema)
  async update(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(siteInputSchema)) input: SiteInput,
    @Actor() actor: string,
    @Caller() caller: SiteCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SiteView> {
    assertWritable(null, caller, 'edit');
    const site = await this.commands.update(id, version, input, actor);
    setEtag(res, site.version);
    return siteView(site);
  }

  @Post('sites/:id/workflow/:step')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a site in the editorial workflow: submit, reject, validate, publish, make-internal, archive, restore' })
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, siteViewSchema)
  async transition(
    @Param('id', validate(idParam, 'id')) id: number,
    @Param('step', validate(stepParam, 'step')) step: SiteTransition,
    @IfMatchVersion() version: number,
    @Actor() actor: string,
    @Caller() caller: SiteCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SiteView> {
    assertWritable(null, caller, 'edit');
    const site = await this.commands.transition(id, version, step, actor);
    setEtag(res, site.version);
    return siteView(site);
  }

  @Post('sites/:id/verifications')
  @ApiOperation({ summary: 'Record that the fiche was checked with the organisation (with or without changes); a representative confirms its organisation’s fiche is still accurate in one step' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(verificationSchema)
  @ApiZodResponse(201, siteViewSchema)
  async verify(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(verificationSchema)) body: z.output<typeof verificationSchema>,
    @Actor() actor: string,
    @Caller() caller: SiteCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SiteView> {
    assertWritable(await this.queries.get(id), caller, 'verify');
    const site = await this.commands.verify(id, version, body, actor);
    setEtag(res, site.version);
    return siteView(site);
  }

  @Get('verification/campaign')
  @ApiOperation({ summary: 'Published sites not verified for N months (or never): the list for a verification campaign' })
  @ApiZodQuery(campaignQuerySchema)
  @ApiZodResponse(200, pageSchema(siteSummarySchema))
  async campaign(@Query(validate(campaignQuerySchema)) query: z.output<typeof campaignQuerySchema>) {
    const before = new Date();
    before.setUTCMonth(before.getUTCMonth() - query.months);
    const { items, total } = await this.queries.list({
      state: ['published'],
      verifiedBefore: before.toISOString().slice(0, 10),
      municipality: query.municipality,
      sector: query.sector,
      page: query.page,
      size: query.size,
    });
    return { items: items.map(siteSummary), total, page: query.page, size: query.size };
  }

  @Get('geocoding')
  @ApiOperation({ summary: 'Sites awaiting geocoding (the geocoder could not be reached) or not found by it' })
  @ApiZodQuery(geocodingQuerySchema)
  @ApiZodResponse(200, pageSchema(siteSummarySchema))
  async geocoding(@Query(validate(geocodingQuerySchema)) query: z.output<typeof geocodingQuerySchema>) {
    const { items, total } = await this.queries.list({ geocoding: query.status, page: query.page, size: query.size });
    return { items: items.map(siteSummary), total, page: query.page, size: query.size };
  }

  @Get('verification/freshness')
  @ApiOperation({ summary: 'Share of published sites verified in the last N months (default 12), overall, per sector and per municipality' })
  @ApiZodQuery(freshnessQuerySchema)
  @ApiZodResponse(200, freshnessSchema)
  freshness(@Query(validate(freshnessQuerySchema)) query: z.output<typeof freshnessQuerySchema>) {
    return this.queries.freshness(query.months);
  }
}
