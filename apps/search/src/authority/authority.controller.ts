import { Body, Controller, Delete, Get, Headers, HttpCode, Logger, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { EXPORT_MEDIA_TYPES } from '@care/exports';
import { authorityQuerySchema, type AuthorityQuery } from '@care/search-domain';
import { Actor, ApiContentResponse, ApiNoContent, ApiZodBody, ApiZodQuery, ApiZodResponse, CallerAudience, requireAudience, validate, type Audience, type ResponseHeaders } from '@care/service-kit';
import { authorityExportParamsSchema, type AuthorityExportFormat } from './authority.exports.js';
import { AuthorityExportRunner } from './authority-export.runner.js';
import { AuthorityQueries } from './authority.queries.js';
import { AuthoritySaved, SAVED_KINDS, savedNameSchema, type SavedKind } from './authority-saved.service.js';
import { authorityAnswerSchema, authorityChangesSchema, authorityGeoJsonSchema, savedSchema } from './authority.views.js';

const RESTRICTED = ['authority', 'internal'] as const;
const changesSchema = z.object({ since: z.iso.datetime({ offset: true }) }).strict();
const kindParam = z.enum(SAVED_KINDS);
/** Rows the answer carries, for the gateway's audit of every authority query and export. */
const ROW_COUNT = 'x-care-row-count';
const ROW_COUNT_HEADER: ResponseHeaders = { [ROW_COUNT]: { description: 'Entities in this answer (an export: every row of the file), for the audit', type: 'integer' } };

/**
 * Crisis-management reads (audience authority; the gateway grants it to clients with the
 * `authority:read` scope): every site and practice of a kind in an area with authority-only
 * contacts, accredited capacity and free places now, aggregates, saved areas and queries, and
 * what changed since a moment, exports. Every call is audited by the gateway, with the number of
 * entities answered (`x-care-row-count`).
 */
@ApiTags('authority')
@ApiHeader({ name: 'x-care-audience', required: true, description: 'Set by the gateway: authority or internal (anything else is refused)' })
@ApiHeader({ name: 'x-care-client', required: false, description: 'Set by the gateway: the authority client (owner of saved areas and queries)' })
@Controller('authority')
export class AuthorityController {
  private readonly logger = new Logger('AuthorityExports');

  constructor(
    private readonly queries: AuthorityQueries,
    private readonly exports: AuthorityExportRunner,
    private readonly saved: AuthoritySaved,
  ) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sites and practices by kind, area and state, with crisis contacts, capacity, free places (with when reported) and aggregates per municipality, district or sector' })
  @ApiZodBody(authorityQuerySchema)
  @ApiZodResponse(200, authorityAnswerSchema, 'OK', ROW_COUNT_HEADER)
  async query(
    @Body(validate(authorityQuerySchema)) query: AuthorityQuery,
    @CallerAudience() audience: Audience,
    @Headers('x-care-client') client: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    requireAudience(audience, RESTRICTED);
    return withRowCount(res, await this.queries.query(await this.saved.resolve(owner(client, actor), query)));
  }

  @Post('export')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Every entity a query selects, as CSV, XLSX or GeoJSON, streamed from one snapshot (page, size and groupBy are ignored); the file says what it is, the query and when free places were counted',
  })
  @ApiZodQuery(authorityExportParamsSchema)
  @ApiZodBody(authorityQuerySchema)
  @ApiContentResponse(200, { [EXPORT_MEDIA_TYPES.csv]: 'text', [EXPORT_MEDIA_TYPES.xlsx]: 'binary', [EXPORT_MEDIA_TYPES.geojson]: authorityGeoJsonSchema }, 'The file (Content-Disposition: attachment)', ROW_COUNT_HEADER)
  async export(
    @Query(validate(authorityExportParamsSchema)) { format }: { format: AuthorityExportFormat },
    @Body(validate(authorityQuerySchema)) query: AuthorityQuery,
    @CallerAudience() audience: Audience,
    @Headers('x-care-client') client: string | undefined,
    @Actor() actor: string,
    @Res() res: Response,
  ) {
    requireAudience(audience, RESTRICTED);
    const resolved = await this.saved.resolve(owner(client, actor), query);
    try {
      await this.exports.export(resolved, format, (head) =>
        res.status(200).set({ 'content-type': head.mediaType, 'content-disposition': `attachment; filename="${head.fileName}"`, 'cache-control': 'no-store', [ROW_COUNT]: String(head.rows) }),
      );
    } catch (error) {
      // Before the head, the error filter answers; after it, the only honest answer is a cut connection.
      if (!res.headersSent) throw error;
      this.logger.warn({ err: error }, 'export interrupted');
      res.destroy();
    }
  }

  @Post('changes')
  @HttpCode(200)
  @ApiOperation({ summary: 'What changed since a moment among what a query selects: changed, removed, or reported availability' })
  @ApiZodQuery(changesSchema)
  @ApiZodBody(authorityQuerySchema)
  @ApiZodResponse(200, authorityChangesSchema, 'OK', ROW_COUNT_HEADER)
  async changes(
    @Query(validate(changesSchema)) { since }: z.output<typeof changesSchema>,
    @Body(validate(authorityQuerySchema)) query: AuthorityQuery,
    @CallerAudience() audience: Audience,
    @Headers('x-care-client') client: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    requireAudience(audience, RESTRICTED);
    return withRowCount(res, await this.queries.changes(await this.saved.resolve(owner(client, actor), query), new Date(since)));
  }

  @Get('saved/:kind')
  @ApiOperation({ summary: 'The areas or queries this client saved' })
  @ApiZodResponse(200, z.array(savedSchema))
  list(@Param('kind', validate(kindParam, 'kind')) kind: SavedKind, @CallerAudience() audience: Audience, @Headers('x-care-client') client: string | undefined, @Actor() actor: string) {
    requireAudience(audience, RESTRICTED);
    return this.saved.list(owner(client, actor), kind);
  }

  @Get('saved/:kind/:name')
  @ApiOperation({ summary: 'One saved area or query of this client' })
  @ApiZodResponse(200, savedSchema)
  get(@Param('kind', validate(kindParam, 'kind')) kind: SavedKind, @Param('name', validate(savedNameSchema, 'name')) name: string, @CallerAudience() audience: Audience, @Headers('x-care-client') client: string | undefined, @Actor() actor: string) {
    requireAudience(audience, RESTRICTED);
    return this.saved.get(owner(client, actor), kind, name);
  }

  @Put('saved/:kind/:name')
  @ApiOperation({ summary: 'Save an area (same shape as a query’s `area`) or a query under a name' })
  @ApiZodResponse(200, savedSchema)
  put(
    @Param('kind', validate(kindParam, 'kind')) kind: SavedKind,
    @Param('name', validate(savedNameSchema, 'name')) name: string,
    @Body() body: unknown,
    @CallerAudience() audience: Audience,
    @Headers('x-care-client') client: string | undefined,
    @Actor() actor: string,
  ) {
    requireAudience(audience, RESTRICTED);
    return this.saved.put(owner(client, actor), kind, name, body);
  }

  @Delete('saved/:kind/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget a saved area or query' })
  @ApiNoContent()
  async remove(@Param('kind', validate(kindParam, 'kind')) kind: SavedKind, @Param('name', validate(savedNameSchema, 'name')) name: string, @CallerAudience() audience: Audience, @Headers('x-care-client') client: string | undefined, @Actor() actor: string) {
    requireAudience(audience, RESTRICTED);
    await this.saved.remove(owner(client, actor), kind, name);
  }

  @Post('saved/query/:name/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a saved query' })
  @ApiZodResponse(200, authorityAnswerSchema, 'OK', ROW_COUNT_HEADER)
  async run(
    @Param('name', validate(savedNameSchema, 'name')) name: string,
    @CallerAudience() audience: Audience,
    @Headers('x-care-client') client: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    requireAudience(audience, RESTRICTED);
    const who = owner(client, actor);
    const query = (await this.saved.get(who, 'query', name)).body as AuthorityQuery;
    return withRowCount(res, await this.queries.query(await this.saved.resolve(who, query)));
  }
}

/** The answer, with the number of entities it carries in `x-care-row-count`. */
function withRowCount<A extends { items: readonly unknown[] }>(res: Response, answer: A): A {
  res.setHeader(ROW_COUNT, String(answer.items.length));
  return answer;
}

/** Saved items belong to the machine client, or to the staff member when no client is named. */
function owner(client: string | undefined, actor: string): string {
  return client && /^[\w.@:-]{1,100}$/.test(client) ? `client:${client}` : `actor:${actor}`;
}
