import type { Writable } from 'node:stream';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { ApiContentResponse, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { BRUSSELS_PROFILE } from './hsds-profile.js';
import { HsdsQueries, type HsdsPage } from './hsds.queries.js';
import {
  hsdsDeletionSchema,
  hsdsItemParamsSchema,
  hsdsItemQuerySchema,
  hsdsListQuerySchema,
  hsdsOrganizationSchema,
  hsdsPageSchema,
  hsdsProfileSchema,
  hsdsRootSchema,
  hsdsServiceAtLocationSchema,
  hsdsServiceSchema,
  hsdsServicesQuerySchema,
  hsdsTaxonomySchema,
  hsdsTaxonomyTermSchema,
  hsdsTermsQuerySchema,
  type HsdsListQuery,
  type HsdsServicesQuery,
  type HsdsTermsQuery,
} from './hsds.views.js';

const NDJSON = 'application/x-ndjson; charset=utf-8';
type Item = z.output<typeof hsdsItemQuerySchema>;
type Params = z.output<typeof hsdsItemParamsSchema>;

/** A page as JSON, or every result as NDJSON (`format=ndjson`). */
async function answer(result: HsdsPage<unknown> | ((out: Writable) => Promise<void>), res: Response): Promise<void> {
  if (typeof result !== 'function') {
    res.json(result);
    return;
  }
  res.status(200).set({ 'content-type': NDJSON });
  try {
    await result(res);
  } catch (error) {
    if (res.headersSent) res.destroy(error as Error);
    else throw error;
  }
}

/** Open Referral HSDS 3.0 with the Brussels profile (FR/NL, deletions): see `/hsds/profile` and docs/feed.md. */
@ApiTags('hsds')
@Controller('hsds')
export class HsdsController {
  constructor(private readonly hsds: HsdsQueries) {}

  @Get()
  @ApiOperation({ summary: 'HSDS root: version, profile and OpenAPI document of this API' })
  @ApiZodResponse(200, hsdsRootSchema)
  root() {
    return this.hsds.root();
  }

  @Get('profile')
  @ApiOperation({ summary: 'The Brussels profile: languages, identifiers, attributes, deletions' })
  @ApiZodResponse(200, hsdsProfileSchema)
  profile() {
    return BRUSSELS_PROFILE;
  }

  @Get('services')
  @ApiOperation({ summary: 'Services (one per published site), with their service_at_location, location, phones, schedules and languages' })
  @ApiZodQuery(hsdsServicesQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsServiceSchema), [NDJSON]: 'text' })
  async services(@Query(validate(hsdsServicesQuerySchema)) query: HsdsServicesQuery, @Res() res: Response) {
    await answer(await this.hsds.services(query), res);
  }

  @Get('services/:id')
  @ApiOperation({ summary: 'A service with its organization' })
  @ApiZodQuery(hsdsItemQuerySchema)
  @ApiZodResponse(200, hsdsServiceSchema)
  service(@Param(validate(hsdsItemParamsSchema)) params: Params, @Query(validate(hsdsItemQuerySchema)) query: Item) {
    return this.hsds.service(params.id, query.lang);
  }

  @Get('service_at_locations')
  @ApiOperation({ summary: 'Where each service is delivered: service_at_location with its location and address' })
  @ApiZodQuery(hsdsServicesQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsServiceAtLocationSchema), [NDJSON]: 'text' })
  async serviceAtLocations(@Query(validate(hsdsServicesQuerySchema)) query: HsdsServicesQuery, @Res() res: Response) {
    await answer(await this.hsds.serviceAtLocations(query), res);
  }

  @Get('organizations')
  @ApiOperation({ summary: 'Organizations (legal entities, KBO/BCE numbers as organization_identifiers)' })
  @ApiZodQuery(hsdsListQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsOrganizationSchema), [NDJSON]: 'text' })
  async organizations(@Query(validate(hsdsListQuerySchema)) query: HsdsListQuery, @Res() res: Response) {
    await answer(await this.hsds.organizations(query), res);
  }

  @Get('organizations/:id')
  @ApiOperation({ summary: 'An organization' })
  @ApiZodQuery(hsdsItemQuerySchema)
  @ApiZodResponse(200, hsdsOrganizationSchema)
  organization(@Param(validate(hsdsItemParamsSchema)) params: Params, @Query(validate(hsdsItemQuerySchema)) query: Item) {
    return this.hsds.organization(params.id, query.lang);
  }

  @Get('taxonomies')
  @ApiOperation({ summary: 'The thematic tree of the directory' })
  @ApiZodQuery(hsdsListQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsTaxonomySchema), [NDJSON]: 'text' })
  async taxonomies(@Query(validate(hsdsListQuerySchema)) query: HsdsListQuery, @Res() res: Response) {
    await answer(this.hsds.taxonomies(query), res);
  }

  @Get('taxonomy_terms')
  @ApiOperation({ summary: 'Sectors, rubriques (parent: a sector) and active categories (parent: the rubrique of their first placement)' })
  @ApiZodQuery(hsdsTermsQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsTaxonomyTermSchema), [NDJSON]: 'text' })
  async taxonomyTerms(@Query(validate(hsdsTermsQuerySchema)) query: HsdsTermsQuery, @Res() res: Response) {
    await answer(await this.hsds.taxonomyTerms(query), res);
  }

  @Get('deletions')
  @ApiOperation({ summary: 'Brussels profile: services, locations, service_at_locations and taxonomy terms that stopped being public, since modified_after' })
  @ApiZodQuery(hsdsListQuerySchema)
  @ApiContentResponse(200, { 'application/json': hsdsPageSchema(hsdsDeletionSchema), [NDJSON]: 'text' })
  async deletions(@Query(validate(hsdsListQuerySchema)) query: HsdsListQuery, @Res() res: Response) {
    await answer(await this.hsds.deletions(query), res);
  }
}
