import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { EXPORT_MEDIA_TYPES } from '@care/exports';
import { ApiContentResponse, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { ExportsService } from './exports.service.js';
import { exportCatalogueSchema, exportGeoJsonSchema, exportParamsSchema, exportQuerySchema } from './exports.views.js';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get()
  @ApiOperation({ summary: 'The open-data datasets, their formats, licence and attribution' })
  @ApiZodResponse(200, exportCatalogueSchema)
  catalogue() {
    return this.exports.catalogue();
  }

  @Get(':dataset')
  @ApiOperation({
    summary: 'A whole dataset, streamed, at one consistent feed sequence (stated in the file and in x-care-feed-sequence)',
    description:
      'NDJSON (first line the metadata), CSV (UTF-8 with BOM, a `#` metadata line, then the header), XLSX (data sheet and a metadata sheet), GeoJSON (FeatureCollection with `metadata`). Licence CC BY-SA 4.0 with attribution. Continue with `GET /feed?after=<sequence>`.',
  })
  @ApiZodQuery(exportQuerySchema)
  @ApiContentResponse(
    200,
    { [EXPORT_MEDIA_TYPES.ndjson]: 'text', [EXPORT_MEDIA_TYPES.csv]: 'text', [EXPORT_MEDIA_TYPES.xlsx]: 'binary', [EXPORT_MEDIA_TYPES.geojson]: exportGeoJsonSchema },
    'The file (Content-Disposition: attachment)',
    { 'x-care-feed-sequence': { description: 'The feed sequence number the file reflects', type: 'string' } },
  )
  async export(@Param(validate(exportParamsSchema)) params: z.output<typeof exportParamsSchema>, @Query(validate(exportQuerySchema)) query: z.output<typeof exportQuerySchema>, @Res() res: Response): Promise<void> {
    try {
      await this.exports.export(params.dataset, query.format, ({ mediaType, fileName, sequence }) =>
        res.status(200).set({ 'content-type': mediaType, 'content-disposition': `attachment; filename="${fileName}"`, 'x-care-feed-sequence': sequence, 'cache-control': 'no-store' }),
      );
    } catch (error) {
      // Once the file has started, an error can only cut it short: the client sees a truncated download.
      if (res.headersSent) res.destroy(error as Error);
      else throw error;
    }
  }
}
