import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { availabilityStateSchema } from '@care/contracts';
import { availabilityReportInputSchema, type AvailabilityReportInput } from '@care/agrements-domain';
import { Actor, ApiZodBody, ApiZodQuery, ApiZodResponse, CallerAudience, CallerOrganisation, requireAudience, validate, type Audience } from '@care/service-kit';
import { AvailabilityCommands } from './availability.commands.js';
import { AvailabilityQueries, availabilityHistoryQuerySchema, currentAvailabilityQuerySchema, reporterViewSchema } from './availability.queries.js';

const RESTRICTED = ['authority', 'internal'] as const;
const AUDIENCE = { name: 'x-care-audience', required: false, description: 'Set by the gateway: authority or internal (these figures are never public)' };

/**
 * Live availability for crisis management: free places and open/full/closed status reported by
 * staff or by a representative of the site's organisation, visible to authorities and staff only.
 */
@ApiTags('availability')
@ApiHeader(AUDIENCE)
@Controller('availability')
export class AvailabilityController {
  constructor(
    private readonly commands: AvailabilityCommands,
    private readonly queries: AvailabilityQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Report the current free places or status of a site, a holding or a capacity group (optional expiry, at most 31 days)' })
  @ApiHeader({ name: 'x-care-organisation', required: false, description: 'Set by the gateway for an organisation representative: the organisation they represent' })
  @ApiZodBody(availabilityReportInputSchema)
  @ApiZodResponse(201, availabilityStateSchema)
  async report(@Body(validate(availabilityReportInputSchema)) input: AvailabilityReportInput, @Actor() actor: string, @CallerOrganisation() organisationId: number | null, @Res({ passthrough: true }) res: Response) {
    const slot = await this.commands.report(input, { kind: organisationId === null ? 'staff' : 'representative', id: actor, organisationId });
    res.location(`/availability?siteId=${slot.siteId}`);
    return slot.toState();
  }

  @Get()
  @ApiOperation({ summary: 'Current figures of a site, each with its age and whether it still counts (expired ones do not)' })
  @ApiZodQuery(currentAvailabilityQuerySchema)
  @ApiZodResponse(200, z.object({ siteId: z.number().int(), at: z.iso.datetime({ offset: true }), items: z.array(availabilityStateSchema.extend({ reporter: reporterViewSchema, counts: z.boolean(), ageSeconds: z.number().int() })) }))
  current(@Query(validate(currentAvailabilityQuerySchema)) query: z.output<typeof currentAvailabilityQuerySchema>, @CallerAudience() audience: Audience) {
    requireAudience(audience, RESTRICTED);
    return this.queries.current(query.siteId, audience);
  }

  @Get('history')
  @ApiOperation({ summary: 'Every report made for a site, newest first' })
  @ApiZodQuery(availabilityHistoryQuerySchema)
  @ApiZodResponse(200, z.object({ total: z.number().int(), page: z.number().int(), size: z.number().int(), items: z.array(availabilityStateSchema.extend({ reporter: reporterViewSchema, recordedAt: z.iso.datetime({ offset: true }) })) }))
  history(@Query(validate(availabilityHistoryQuerySchema)) query: z.output<typeof availabilityHistoryQuerySchema>, @CallerAudience() audience: Audience) {
    requireAudience(audience, RESTRICTED);
    return this.queries.history(query, audience);
  }
}
