import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { publicHoldingSchema } from '@care/contracts';
import { holdingInputSchema, holdingStatusChangeSchema, holdingUpdateSchema, type HoldingInput, type HoldingStatusChange, type HoldingUpdate } from '@care/agrements-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, CallerAudience, IfMatchVersion, setEtag, validate, type Audience } from '@care/service-kit';
import { AgrementQueries, holdingsQuerySchema, validHoldingsQuerySchema } from './agrement.queries.js';
import { HoldingCommands } from './holding.commands.js';
import { holdingHistorySchema, holdingPageSchema, validHoldingsSchema } from './agrement.views.js';

const holdingId = z.uuid();
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag of the version being changed' };

@ApiTags('holdings')
@Controller('holdings')
export class HoldingsController {
  constructor(
    private readonly commands: HoldingCommands,
    private readonly queries: AgrementQueries,
  ) {}

  @Get('valid')
  @ApiOperation({ summary: 'Holdings valid at a date (today by default) as they were then, with the authority of that date and the holder' })
  @ApiZodQuery(validHoldingsQuerySchema)
  @ApiZodResponse(200, validHoldingsSchema)
  valid(@Query(validate(validHoldingsQuerySchema)) query: z.output<typeof validHoldingsQuerySchema>, @CallerAudience() audience: Audience) {
    return this.queries.validHoldings(query, audience);
  }

  @Get()
  @ApiOperation({ summary: 'Every holding in its current state, any status' })
  @ApiZodQuery(holdingsQuerySchema)
  @ApiZodResponse(200, holdingPageSchema)
  list(@Query(validate(holdingsQuerySchema)) query: z.output<typeof holdingsQuerySchema>) {
    return this.queries.holdings(query);
  }

  @Get(':id')
  @ApiZodResponse(200, publicHoldingSchema)
  async get(@Param('id', validate(holdingId, 'id')) id: string, @Res({ passthrough: true }) res: Response) {
    const holding = await this.queries.holding(id);
    setEtag(res, holding.version);
    return holding.toPublic();
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every recorded state of the holding, with the date each applies from' })
  @ApiZodResponse(200, holdingHistorySchema)
  history(@Param('id', validate(holdingId, 'id')) id: string) {
    return this.queries.history(id);
  }

  @Post()
  @ApiOperation({ summary: 'Register that a site, organisation or care provider holds an agrément type' })
  @ApiZodBody(holdingInputSchema)
  @ApiZodResponse(201, publicHoldingSchema)
  async register(@Body(validate(holdingInputSchema)) input: HoldingInput, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const holding = await this.commands.register(input, actor);
    setEtag(res, holding.version);
    res.location(`/holdings/${holding.id}`);
    return holding.toPublic();
  }

  @Put(':id')
  @ApiOperation({ summary: 'Correct or renew a holding (reference, validity, capacity, provenance), from a date (today by default)' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(holdingUpdateSchema)
  @ApiZodResponse(200, publicHoldingSchema)
  async correct(@Param('id', validate(holdingId, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(holdingUpdateSchema)) input: HoldingUpdate, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const holding = await this.commands.correct(id, version, input, actor);
    setEtag(res, holding.version);
    return holding.toPublic();
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend, reinstate or withdraw a holding, from a date (today by default)' })
  @ApiHeader(IF_MATCH)
  @ApiZodBody(holdingStatusChangeSchema)
  @ApiZodResponse(200, publicHoldingSchema)
  async status(@Param('id', validate(holdingId, 'id')) id: string, @IfMatchVersion() version: number, @Body(validate(holdingStatusChangeSchema)) change: HoldingStatusChange, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const holding = await this.commands.changeStatus(id, version, change, actor);
    setEtag(res, holding.version);
    return holding.toPublic();
  }
}
