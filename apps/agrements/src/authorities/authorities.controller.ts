import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { publicAuthoritySchema } from '@care/contracts';
import { agrementTypeInputSchema, authorityInputSchema, type AgrementTypeInput, type AuthorityInput } from '@care/agrements-domain';
import { fieldIssue, registerMessages, ValidationError } from '@care/kernel';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, CallerAudience, IfMatchVersion, setEtag, validate, type Audience } from '@care/service-kit';
import { AgrementQueries, atQuerySchema, validHoldingsQuerySchema } from '../holdings/agrement.queries.js';
import { agrementTypeListSchema, agrementTypeViewSchema, authorityListSchema, successionViewSchema, validHoldingsSchema } from '../holdings/agrement.views.js';
import { ReferenceCommands, successionInputSchema, type SuccessionInput } from './reference.commands.js';

registerMessages({
  'body.id_mismatch': { fr: 'L’identifiant du corps diffère de celui de l’adresse', nl: 'De identificatie in de body verschilt van die in het adres' },
  'type.authority_by_succession': { fr: 'L’autorité d’un type change par une succession (POST /authorities/{id}/successions)', nl: 'De overheid van een type verandert via een opvolging (POST /authorities/{id}/successions)' },
});

const authorityId = z.string().regex(/^[a-z0-9-]{2,60}$/);
const typeId = z.string().regex(/^[a-z0-9-]{3,100}$/);
const typesQuerySchema = z.object({ authority: z.string().optional(), category: z.coerce.number().int().positive().optional(), validAt: z.iso.date().optional() }).strict();
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed' };

function sameId(pathId: string, bodyId: string): void {
  if (pathId !== bodyId) throw new ValidationError([fieldIssue('body.id_mismatch', 'id')]);
}

@ApiTags('authorities and agrément types')
@Controller()
export class AuthoritiesController {
  constructor(
    private readonly commands: ReferenceCommands,
    private readonly queries: AgrementQueries,
  ) {}

  @Get('authorities')
  @ApiOperation({ summary: 'The accrediting authorities, with the number of types they accredit and of holdings valid at a date (today by default)' })
  @ApiZodQuery(atQuerySchema)
  @ApiZodResponse(200, authorityListSchema)
  authorities(@Query(validate(atQuerySchema)) query: z.output<typeof atQuerySchema>) {
    return this.queries.authorities(query.validAt);
  }

  @Get('authorities/:id')
  @ApiZodResponse(200, publicAuthoritySchema)
  async authority(@Param('id', validate(authorityId, 'id')) id: string, @Res({ passthrough: true }) res: Response) {
    const authority = await this.queries.authority(id);
    setEtag(res, authority.version);
    return authority.toPublic();
  }

  @Post('authorities')
  @ApiZodBody(authorityInputSchema)
  @ApiZodResponse(201, publicAuthoritySchema)
  async createAuthority(@Body(validate(authorityInputSchema)) input: AuthorityInput, @Res({ passthrough: true }) res: Response) {
    const authority = await this.commands.createAuthority(input);
    setEtag(res, authority.version);
    res.location(`/authorities/${authority.id}`);
    return authority.toPublic();
  }

  @Put('authorities/:id')
  @ApiHeader(IF_MATCH)
  @ApiZodBody(authorityInputSchema)
  @ApiZodResponse(200, publicAuthoritySchema)
  async updateAuthority(@Param('id', validate(authorityId, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(authorityInputSchema)) input: AuthorityInput, @Res({ passthrough: true }) res: Response) {
    sameId(id, input.id);
    const authority = await this.commands.updateAuthority(id, version, input);
    setEtag(res, authority.version);
    return authority.toPublic();
  }

  @Post('authorities/:id/successions')
  @ApiOperation({ summary: 'Competences move to another authority from a date: the types move, history stays' })
  @ApiZodBody(successionInputSchema)
  @ApiZodResponse(201, successionViewSchema)
  succeed(@Param('id', validate(authorityId, 'id')) id: string, @Body(validate(successionInputSchema)) input: SuccessionInput, @Actor() actor: string) {
    return this.commands.succeed(id, input, actor);
  }

  @Get('authorities/:id/types')
  @ApiOperation({ summary: 'Types the authority accredits at a date (today by default)' })
  @ApiZodQuery(atQuerySchema)
  @ApiZodResponse(200, agrementTypeListSchema)
  async authorityTypes(@Param('id', validate(authorityId, 'id')) id: string, @Query(validate(atQuerySchema)) query: z.output<typeof atQuerySchema>) {
    await this.queries.authority(id);
    return this.queries.types({ authority: id, validAt: query.validAt });
  }

  @Get('types')
  @ApiOperation({ summary: 'Agrément types existing at a date, by authority (at that date) or thematic category' })
  @ApiZodQuery(typesQuerySchema)
  @ApiZodResponse(200, agrementTypeListSchema)
  types(@Query(validate(typesQuerySchema)) query: z.output<typeof typesQuerySchema>) {
    return this.queries.types(query);
  }

  @Get('types/:id')
  @ApiZodResponse(200, agrementTypeViewSchema)
  async type(@Param('id', validate(typeId, 'id')) id: string, @Res({ passthrough: true }) res: Response) {
    const { version, view } = await this.queries.type(id);
    setEtag(res, version);
    return view;
  }

  @Post('types')
  @ApiZodBody(agrementTypeInputSchema)
  @ApiZodResponse(201, agrementTypeViewSchema)
  async createType(@Body(validate(agrementTypeInputSchema)) input: AgrementTypeInput, @Res({ passthrough: true }) res: Response) {
    const type = await this.commands.createType(input);
    setEtag(res, type.version);
    res.location(`/types/${type.id}`);
    return (await this.queries.type(type.id)).view;
  }

  @Put('types/:id')
  @ApiHeader(IF_MATCH)
  @ApiZodBody(agrementTypeInputSchema)
  @ApiZodResponse(200, agrementTypeViewSchema)
  async updateType(@Param('id', validate(typeId, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(agrementTypeInputSchema)) input: AgrementTypeInput, @Res({ passthrough: true }) res: Response) {
    sameId(id, input.id);
    const current = (await this.queries.type(id)).view;
    if (current.authorityId !== input.authorityId) throw new ValidationError([fieldIssue('type.authority_by_succession', 'authorityId')]);
    const type = await this.commands.updateType(id, version, input);
    setEtag(res, type.version);
    return (await this.queries.type(id)).view;
  }

  @Get('types/:id/holders')
  @ApiOperation({ summary: 'Who holds the type at a date (today by default), with the holders’ public data' })
  @ApiZodQuery(validHoldingsQuerySchema)
  @ApiZodResponse(200, validHoldingsSchema)
  async holders(@Param('id', validate(typeId, 'id')) id: string, @Query(validate(validHoldingsQuerySchema)) query: z.output<typeof validHoldingsQuerySchema>, @CallerAudience() audience: Audience) {
    await this.queries.type(id);
    return this.queries.validHoldings({ ...query, type: id }, audience);
  }
}
