import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiZodResponse } from '../http/openapi.js';
import { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';

const component = z.record(z.string(), z.looseObject({ status: z.string() }));
const healthSchema = z.object({ status: z.enum(['ok', 'error', 'shutting_down']), info: component.optional(), error: component.optional(), details: component });

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_CONTRIBUTORS) private readonly contributors: HealthContributor[],
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: 200 when every dependency is up, 503 otherwise' })
  @ApiZodResponse(200, healthSchema)
  @ApiZodResponse(503, healthSchema, 'A dependency is down')
  async check(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check(
        this.contributors.map((contributor) => async () => {
          const report = await contributor.health();
          const session = this.indicators.check(contributor.healthKey);
          return report.status === 'up' ? session.up(report.details) : session.down(report.details);
        }),
      );
    } catch (error) {
      // A dependency down is an answer, not a failure: 503 with what is down (not the error format, not an error log).
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }
}
