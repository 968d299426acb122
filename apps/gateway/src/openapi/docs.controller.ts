import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenApiAggregator } from './openapi.aggregator.js';

@ApiExcludeController()
@Controller()
export class DocsController {
  constructor(private readonly aggregator: OpenApiAggregator) {}

  @Get('docs-json')
  document() {
    return this.aggregator.document();
  }
}
