import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { crisisContactsSchema, siteContactsStateSchema, type CrisisContacts } from '@care/contracts';
import { Actor, ApiZodBody, ApiZodResponse, CallerAudience, CallerOrganisation, IfMatchVersion, setEtag, validate, type Audience } from '@care/service-kit';
import { CrisisContactsService } from './crisis-contacts.service.js';

const idParam = z.coerce.number().int().positive();

/**
 * Crisis contacts of a site: authorities and staff read them, staff and the site's organisation
 * (its representatives) keep them current. Never public.
 */
@ApiTags('crisis contacts')
@ApiHeader({ name: 'x-care-audience', required: false, description: 'Set by the gateway: authority or internal to read' })
@ApiHeader({ name: 'x-care-organisation', required: false, description: 'Set by the gateway for a representative: the organisation they represent' })
@Controller('sites/:id/crisis-contacts')
export class CrisisContactsController {
  constructor(private readonly contacts: CrisisContactsService) {}

  @Get()
  @ApiOperation({ summary: 'Direct and emergency numbers and the person in charge (version 0 when none were given yet)' })
  @ApiZodResponse(200, siteContactsStateSchema.extend({ version: z.number().int().min(0) }))
  async get(@Param('id', validate(idParam, 'id')) id: number, @CallerAudience() audience: Audience, @CallerOrganisation() organisationId: number | null, @Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const record = await this.contacts.get(id, { audience, organisationId, actor });
    setEtag(res, record.version);
    return { ...record.toState(), version: record.version };
  }

  @Put()
  @ApiOperation({ summary: 'Replace the crisis contacts of a site (If-Match: "0" for the first time)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'ETag of the version being replaced' })
  @ApiZodBody(crisisContactsSchema)
  @ApiZodResponse(200, siteContactsStateSchema)
  async replace(
    @Param('id', validate(idParam, 'id')) id: number,
    @IfMatchVersion() version: number,
    @Body(validate(crisisContactsSchema)) body: CrisisContacts,
    @CallerAudience() audience: Audience,
    @CallerOrganisation() organisationId: number | null,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const record = await this.contacts.replace(id, version, body, { audience, organisationId, actor });
    setEtag(res, record.version);
    return record.toState();
  }
}
