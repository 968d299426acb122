import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ForbiddenError } from '@care/kernel';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, setEtag, validate } from '@care/service-kit';
import { Caller, assertReadable, assertWritable, isRepresentative, type SiteCaller } from '../sites/site-caller.js';
import { SiteQueries } from '../sites/site.queries.js';
import { pageSchema, siteView, siteViewSchema } from '../sites/site.views.js';
import { ProposalCommands, proposalInputSchema, proposalListQuerySchema, proposalView, proposalViewSchema, rejectionSchema } from './proposal.commands.js';

const siteId = z.coerce.number().int().positive().max(2_147_483_647);
const proposalId = z.string().regex(/^\d{1,18}$/);
const siteProposalsQuerySchema = proposalListQuerySchema.omit({ organisationId: true });

const staffOnly = () => new ForbiddenError('proposal.staff_only', { fr: 'Réservé aux validateurs', nl: 'Voorbehouden aan validatoren' });

/** Organisation self-service: a representative proposes, a validator accepts or rejects (with a reason in FR and NL). */
@ApiTags('self-service')
@Controller()
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalCommands,
    private readonly sites: SiteQueries,
  ) {}

  @Post('sites/:id/proposals')
  @ApiOperation({ summary: 'Propose a change of the fiche (its organisation’s representative); applied once a validator accepts it' })
  @ApiZodBody(proposalInputSchema)
  @ApiZodResponse(201, proposalViewSchema)
  async propose(@Param('id', validate(siteId, 'id')) id: number, @Body(validate(proposalInputSchema)) input: z.output<typeof proposalInputSchema>, @Actor() actor: string, @Caller() caller: SiteCaller, @Res({ passthrough: true }) res: Response) {
    const site = await this.sites.get(id);
    assertWritable(site, caller, 'propose');
    const proposal = await this.proposals.propose(site, input, actor);
    res.location(`/proposals/${proposal.id}`);
    return proposalView(proposal);
  }

  @Get('sites/:id/proposals')
  @ApiOperation({ summary: 'Proposals made on the fiche, newest first' })
  @ApiZodQuery(siteProposalsQuerySchema)
  @ApiZodResponse(200, pageSchema(proposalViewSchema))
  async ofSite(@Param('id', validate(siteId, 'id')) id: number, @Query(validate(siteProposalsQuerySchema)) query: z.output<typeof siteProposalsQuerySchema>, @Caller() caller: SiteCaller) {
    assertReadable(await this.sites.get(id), caller);
    const [items, total] = await this.proposals.list({ ...query, siteId: id });
    return { items: items.map(proposalView), total, page: query.page, size: query.size };
  }

  @Get('proposals')
  @ApiOperation({ summary: 'Proposals to review (validators), newest first' })
  @ApiZodQuery(proposalListQuerySchema)
  @ApiZodResponse(200, pageSchema(proposalViewSchema))
  async list(@Query(validate(proposalListQuerySchema)) query: z.output<typeof proposalListQuerySchema>, @Caller() caller: SiteCaller) {
    if (isRepresentative(caller)) throw staffOnly();
    const [items, total] = await this.proposals.list(query);
    return { items: items.map(proposalView), total, page: query.page, size: query.size };
  }

  @Get('proposals/:id')
  @ApiZodResponse(200, proposalViewSchema)
  async get(@Param('id', validate(proposalId, 'id')) id: string, @Caller() caller: SiteCaller) {
    const proposal = await this.proposals.get(id);
    if (isRepresentative(caller) && proposal.organisationId !== caller.organisationId) throw staffOnly();
    return proposalView(proposal);
  }

  @Post('proposals/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept: the content is applied to the fiche, validated, and the fiche counts as verified today' })
  @ApiZodResponse(200, z.object({ proposal: proposalViewSchema, site: siteViewSchema }))
  async accept(@Param('id', validate(proposalId, 'id')) id: string, @Actor() actor: string, @Caller() caller: SiteCaller, @Res({ passthrough: true }) res: Response) {
    if (isRepresentative(caller)) throw staffOnly();
    const { proposal, site } = await this.proposals.accept(id, actor);
    setEtag(res, site.version);
    return { proposal: proposalView(proposal), site: siteView(site) };
  }

  @Post('proposals/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject, with the reason in French and Dutch for the organisation' })
  @ApiZodBody(rejectionSchema)
  @ApiZodResponse(200, proposalViewSchema)
  async reject(@Param('id', validate(proposalId, 'id')) id: string, @Body(validate(rejectionSchema)) body: z.output<typeof rejectionSchema>, @Actor() actor: string, @Caller() caller: SiteCaller) {
    if (isRepresentative(caller)) throw staffOnly();
    return proposalView(await this.proposals.reject(id, body.reason, actor));
  }
}
