import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { negotiateLanguage } from '@care/kernel';
import { areaSearchSchema, searchQuerySchema, type SearchQuery } from '@care/search-domain';
import { ApiZodBody, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { searchAnswerSchema, suggestAnswerSchema } from './search.views.js';
import { SearchQueries, suggestQuerySchema, type SuggestQuery } from './search.queries.js';

const searchSchema = searchQuerySchema();
const areaSchema = areaSearchSchema();

@ApiTags('search')
@Controller()
export class SearchController {
  constructor(private readonly queries: SearchQueries) {}

  @Get('search')
  @ApiOperation({
    summary: 'Sites and care providers’ practices by text, place, category, agrément, language, profession, opening time…',
    description: 'Filters combine with AND; the values of one filter with OR (`a,b` or repeated). `category`, `rubrique` and `sector` include what is below them. Answer in `lang` (or Accept-Language), with facet counts over every match.',
  })
  @ApiZodQuery(searchSchema.in as never)
  @ApiZodResponse(200, searchAnswerSchema)
  search(@Query(validate(searchSchema)) query: SearchQuery, @Query('lang') lang: string | undefined, @Headers('accept-language') accept: string | undefined) {
    return this.queries.search(withLanguage(query, lang, accept));
  }

  @Post('search/area')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same search inside a GeoJSON polygon (at most 1,000 vertices), for sweeping an area' })
  @ApiZodBody(areaSchema.in as never)
  @ApiZodResponse(200, searchAnswerSchema)
  area(@Body(validate(areaSchema)) query: SearchQuery, @Body('lang') lang: string | undefined, @Headers('accept-language') accept: string | undefined) {
    return this.queries.search(withLanguage(query, lang, accept));
  }

  @Get('suggest')
  @ApiOperation({ summary: 'Completions while typing: names, categories, streets, municipalities and districts' })
  @ApiZodQuery(suggestQuerySchema)
  @ApiZodResponse(200, suggestAnswerSchema)
  suggest(@Query(validate(suggestQuerySchema)) query: SuggestQuery, @Headers('accept-language') accept: string | undefined) {
    return this.queries.suggest(query, query.lang ?? negotiateLanguage(accept));
  }
}

function withLanguage(query: SearchQuery, lang: string | undefined, accept: string | undefined): SearchQuery {
  return lang ? query : { ...query, lang: negotiateLanguage(accept) };
}
