import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { requestContextMiddleware } from '../context/request-context.middleware.js';
import { ErrorFilter } from '../http/error.filter.js';
import { setupOpenApi } from '../http/openapi.js';
import { ConfigError } from '../config/service-config.js';
import { httpMetricsMiddleware } from '../metrics/metrics.js';

export interface ServiceDefinition {
  /** Short name: organisations, care-providers, … */
  name: string;
  description: string;
  module: Type | DynamicModule;
  host: string;
  port: number;
  bodyLimit: string;
  /**
   * Parse JSON bodies for every route (default). The gateway turns it off: it streams proxied
   * bodies through untouched and parses only for its own routes.
   */
  jsonBody?: boolean;
  /** Serve the service's own OpenAPI at `/docs` (default). The gateway serves the aggregated one instead. */
  openApi?: boolean;
  /** Last-minute wiring a service needs on the Nest app (e.g. extra body parsers). */
  configure?: (app: NestExpressApplication) => void;
}

/** Builds the Nest application of a service with the platform's common edge behaviour. */
export async function createServiceApp(definition: ServiceDefinition): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(definition.module, {
    bufferLogs: true,
    bodyParser: false,
    // Keep-alive sockets must not hold up a graceful shutdown.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware);
  if (definition.jsonBody !== false) app.useBodyParser('json', { limit: definition.bodyLimit });
  app.useGlobalFilters(new ErrorFilter());
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  definition.configure?.(app);
  if (definition.openApi !== false) setupOpenApi(app, definition.name, definition.description);
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  return app;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

export async function startService(definition: ServiceDefinition): Promise<RunningService> {
  const app = await createServiceApp(definition);
  await app.listen(definition.port, definition.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${definition.host}:${address.port}`;
  app.get(Logger).log(`${definition.name} listening on ${url} (OpenAPI at ${url}/docs)`);
  return { app, url, close: () => app.close() };
}

/**
 * Entry point of a service process: a configuration problem is printed with the variables at
 * fault and stops the process with exit code 78 (EX_CONFIG) before anything starts.
 * `--check-config` only validates the environment and exits (0 when valid): deployments check
 * their variables with it before a rollout, and the deploy tests check the manifests with it.
 */
export async function main(load: () => ServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  let definition: ServiceDefinition;
  try {
    definition = load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  if (argv.includes('--check-config')) {
    process.stdout.write(`${definition.name}: configuration valid\n`);
    process.exit(0);
  }
  try {
    await startService(definition);
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
  // Child of the embedded runtime: when the runtime goes away, so does the service.
  if (process.send) process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
