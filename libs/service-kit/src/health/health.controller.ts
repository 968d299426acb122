import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HEALTH_CONTRIBUTORS, type HealthContributor } from './health-contributor.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_CONTRIBUTORS) private readonly contributors: HealthContributor[],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: 200 when every dependency is up, 503 otherwise' })
  check() {
    return this.health.check(
      this.contributors.map((contributor) => async () => {
        const report = await contributor.health();
        const session = this.indicators.check(contributor.healthKey);
        return report.status === 'up' ? session.up(report.details) : session.down(report.details);
      }),
    );
  }
}
