import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { feedPageSchema, publishedRecordSchema } from './feed.views.js';
import { asOfSchema, entityParamsSchema, FeedQueries, feedQuerySchema, type FeedQuery } from './feed.queries.js';

@ApiTags('feed')
@Controller()
export class FeedController {
  constructor(private readonly queries: FeedQueries) {}

  @Get('feed')
  @ApiOperation({
    summary: 'Every published change in sequence order (gapless), after a cursor',
    description: 'Pass `next` back as `after`. Each record carries `prevHash` and `hash` (docs/feed.md): recompute them over the unfiltered feed to prove nothing is missing or altered.',
  })
  @ApiZodQuery(feedQuerySchema)
  @ApiZodResponse(200, feedPageSchema)
  async feed(@Query(validate(feedQuerySchema)) query: FeedQuery, @Res() res: Response): Promise<void> {
    res.status(200).type('application/json');
    res.write('{"records":[');
    try {
      const page = await this.queries.writePage(query, (text) => res.write(text));
      res.end(`],"next":${JSON.stringify(page.next)},"head":${JSON.stringify(page.head)},"hasMore":${page.count === query.limit}}`);
    } catch (error) {
      // The page has started: an error can only cut it short (the client sees invalid JSON).
      res.destroy(error as Error);
    }
  }

  @Get('entities/:type/:id')
  @ApiOperation({ summary: 'The version of an entity valid now, or at `asOf` (its tombstone when it was deleted then)' })
  @ApiZodQuery(asOfSchema)
  @ApiZodResponse(200, publishedRecordSchema)
  entity(@Param(validate(entityParamsSchema)) params: z.output<typeof entityParamsSchema>, @Query(validate(asOfSchema)) query: z.output<typeof asOfSchema>) {
    return this.queries.entity(params.type, params.id, query.asOf);
  }

  @Get('entities/:type/:id/history')
  @ApiOperation({ summary: 'Every version of an entity, each with its validity interval' })
  @ApiZodResponse(200, z.array(publishedRecordSchema))
  history(@Param(validate(entityParamsSchema)) params: z.output<typeof entityParamsSchema>) {
    return this.queries.history(params.type, params.id);
  }
}
