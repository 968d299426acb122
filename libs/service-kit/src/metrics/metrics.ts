import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import client from 'prom-client';

let defaultsCollected = false;

/** The process-wide Prometheus registry, with Node's default metrics. */
export function metricsRegistry(): client.Registry {
  if (!defaultsCollected) {
    client.collectDefaultMetrics({ prefix: 'care_' });
    defaultsCollected = true;
  }
  return client.register;
}

/** Gets or creates a metric by name, so a module started twice in one process (tests) does not fail. */
export function gauge(config: client.GaugeConfiguration<string>): client.Gauge<string> {
  const existing = metricsRegistry().getSingleMetric(config.name);
  if (existing) metricsRegistry().removeSingleMetric(config.name);
  return new client.Gauge({ ...config, registers: [metricsRegistry()] });
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', client.register.contentType)
  metrics(): Promise<string> {
    return metricsRegistry().metrics();
  }
}
