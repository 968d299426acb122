import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
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

/**
 * A counter that follows running totals kept elsewhere (an outbox relay's published rows, a
 * consumer's applied events): at each scrape it adds what each total grew by since the last one.
 * The code that counts stays free of prom-client.
 */
export function totalsCounter(
  config: { name: string; help: string; labelNames: readonly string[] },
  totals: () => Array<{ labels: Record<string, string>; value: number }>,
): client.Counter<string> {
  const existing = metricsRegistry().getSingleMetric(config.name);
  if (existing) metricsRegistry().removeSingleMetric(config.name);
  const seen = new Map<string, number>();
  return new client.Counter({
    ...config,
    labelNames: [...config.labelNames],
    registers: [metricsRegistry()],
    collect() {
      for (const { labels, value } of totals()) {
        const key = JSON.stringify(labels);
        const delta = value - (seen.get(key) ?? 0);
        seen.set(key, value);
        // A total that went down (a consumer recreated) restarts from its new value.
        this.inc(labels, delta >= 0 ? delta : value);
      }
    },
  });
}

let httpDuration: client.Histogram<string> | undefined;

/** Request durations per route template (`/entities/:type/:id`, never the raw URL), method and status class. */
function httpDurationHistogram(): client.Histogram<string> {
  httpDuration ??= new client.Histogram({
    name: 'care_http_request_duration_seconds',
    help: 'HTTP request duration, per route template, method and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry()],
  });
  return httpDuration;
}

/**
 * The route a request matched, as its template. Requests that matched no route (404s, probes of
 * random paths) share one label value, so a scan of the API cannot create unbounded series.
 */
export function routeTemplate(req: Pick<Request, 'baseUrl' | 'route'>): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` || '/' : 'unmatched';
}

/** Express middleware observing every request's duration once the response is finished. */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const histogram = httpDurationHistogram();
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    histogram.observe({ method: req.method, route: routeTemplate(req), status_class: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
  });
  next();
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
