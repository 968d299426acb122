import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { OBJECTABLE_FIELDS } from '@care/contracts';
import { careProviderInputSchema, practiceInputSchema, type CareProviderInput, type PracticeInput, type Professions } from '@care/care-providers-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, CallerAudience, IfMatchVersion, setEtag, validate, type Audience } from '@care/service-kit';
import { PROFESSIONS } from '../professions/professions.token.js';
import { ProviderCommands } from './provider.commands.js';
import { providerListQuerySchema, ProviderQueries, type ProviderListQuery } from './provider.queries.js';
import { practiceClosedSchema, professionKindsSchema, providerPageSchema, providerViewSchema } from './provider.views.js';
import { publicPracticeSchema } from '@care/contracts';

const idParam = z.string().regex(/^\d{8}$/, '8 digits (the person part of the INAMI number)');
const practiceIdParam = z.string().regex(/^\d{8}:[A-Za-z0-9._:-]{1,100}$/);
const objectionsSchema = z.object({ fields: z.array(z.enum(OBJECTABLE_FIELDS)).min(1) }).strict();
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed' };
const AUDIENCE = { name: 'x-care-audience', required: false, description: 'Set by the gateway from the caller’s identity: public (default), authority, internal' };

@ApiTags('care-providers')
@ApiHeader(AUDIENCE)
@Controller()
export class ProvidersController {
  constructor(
    private readonly commands: ProviderCommands,
    private readonly queries: ProviderQueries,
    @Inject(PROFESSIONS) private readonly professions: Professions,
  ) {}

  @Get('professions')
  @ApiOperation({ summary: 'Kinds of care provider (eHealth cd-hcparty), FR/NL' })
  @ApiZodResponse(200, professionKindsSchema)
  professionKinds() {
    return this.professions.personKinds().map((k) => ({ kind: k.code, label: { fr: k.label.fr, nl: k.label.nl } }));
  }

  @Get('providers')
  @ApiOperation({ summary: 'Find care providers (fields and filters follow the caller’s audience and the providers’ objections)' })
  @ApiZodQuery(providerListQuerySchema)
  @ApiZodResponse(200, providerPageSchema, 'fields per audience: public, authority (direct contacts, approval) or internal (objections, versions, provenance)')
  list(@Query(validate(providerListQuerySchema)) query: ProviderListQuery, @CallerAudience() audience: Audience) {
    return this.queries.list(query, audience);
  }

  @Get('providers/:id')
  @ApiOperation({ summary: 'A care provider with their practices, as the caller’s audience may see them' })
  @ApiZodResponse(200, providerViewSchema, 'fields per audience: public, authority (direct contacts, approval) or internal (objections, versions, provenance)')
  async get(@Param('id', validate(idParam, 'id')) id: string, @CallerAudience() audience: Audience, @Res({ passthrough: true }) res: Response) {
    const { version, view } = await this.queries.get(id, audience);
    setEtag(res, version);
    return view;
  }

  @Post('providers')
  @ApiOperation({ summary: 'Register a care provider' })
  @ApiZodBody(careProviderInputSchema)
  @ApiZodResponse(201, providerViewSchema)
  async register(@Body(validate(careProviderInputSchema)) input: CareProviderInput, @Actor() actor: string, @CallerAudience() audience: Audience, @Res({ passthrough: true }) res: Response) {
    const provider = await this.commands.register(input, actor);
    setEtag(res, provider.version);
    res.location(`/providers/${provider.id}`);
    return this.queries.view(provider, audience);
  }

  @Put('providers/:id')
  @ApiHeader(IF_MATCH)
  @ApiZodBody(careProviderInputSchema)
  @ApiZodResponse(200, providerViewSchema)
  async update(
    @Param('id', validate(idParam, 'id')) id: string,
    @IfMatchVersion() version: number,
    @Body(validate(careProviderInputSchema)) input: CareProviderInput,
    @Actor() actor: string,
    @CallerAudience() audience: Audience,
    @Res({ passthrough: true }) res: Response,
  ) {
    const provider = await this.commands.update(id, version, input, actor);
    setEtag(res, provider.version);
    return this.queries.view(provider, audience);
  }

  @Post('providers/:id/objections')
  @HttpCode(200)
  @ApiOperation({ summary: 'The provider objects to publishing optional fields: removed from every public output' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(objectionsSchema)
  @ApiZodResponse(200, providerViewSchema)
  async object(@Param('id', validate(idParam, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(objectionsSchema)) body: z.output<typeof objectionsSchema>, @CallerAudience() audience: Audience, @Res({ passthrough: true }) res: Response) {
    const provider = await this.commands.setObjections(id, version, body.fields, 'add');
    setEtag(res, provider.version);
    return this.queries.view(provider, audience);
  }

  @Delete('providers/:id/objections/:field')
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, providerViewSchema)
  async withdraw(@Param('id', validate(idParam, 'id')) id: string, @Param('field', validate(z.enum(OBJECTABLE_FIELDS), 'field')) field: (typeof OBJECTABLE_FIELDS)[number], @IfMatchVersion() version: number, @CallerAudience() audience: Audience, @Res({ passthrough: true }) res: Response) {
    const provider = await this.commands.setObjections(id, version, [field], 'withdraw');
    setEtag(res, provider.version);
    return this.queries.view(provider, audience);
  }

  @Post('providers/:id/practices')
  @ApiOperation({ summary: 'Add a place where the provider practises' })
  @ApiZodBody(practiceInputSchema)
  @ApiZodResponse(201, publicPracticeSchema)
  async addPractice(@Param('id', validate(idParam, 'id')) id: string, @Body(validate(practiceInputSchema)) input: PracticeInput, @Res({ passthrough: true }) res: Response) {
    const practice = await this.commands.addPractice(id, input);
    setEtag(res, practice.version);
    return this.queries.practiceView(practice);
  }

  @Put('practices/:id')
  @ApiHeader(IF_MATCH)
  @ApiZodBody(practiceInputSchema)
  @ApiZodResponse(200, publicPracticeSchema)
  async updatePractice(@Param('id', validate(practiceIdParam, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(practiceInputSchema)) input: PracticeInput, @Res({ passthrough: true }) res: Response) {
    const practice = await this.commands.updatePractice(id, version, input);
    setEtag(res, practice.version);
    return this.queries.practiceView(practice);
  }

  @Delete('practices/:id')
  @ApiOperation({ summary: 'The provider no longer practises there (kept, inactive)' })
  @ApiHeader(IF_MATCH)
  @ApiZodResponse(200, practiceClosedSchema)
  async closePractice(@Param('id', validate(practiceIdParam, 'id')) id: string, @IfMatchVersion() version: number) {
    const practice = await this.commands.closePractice(id, version);
    return { id: practice.id, active: practice.active };
  }
}
