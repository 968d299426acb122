import type { DynamicModule, INestApplication } from '@nestjs/common';
import pg from 'pg';
import { EVENT_BUS_DATABASE } from '@care/messaging';
import type { DatabaseDescriptor } from '@care/persistence';
import { createTestDatabase } from '@care/testing';
import { startService, type ServiceDefinition } from '../bootstrap/run-service.js';

export interface ServiceUnderTest {
  url: string;
  databaseUrl: string;
  busUrl: string;
  app: INestApplication;
  /** Reads the service's own database (outbox, rows) as the tests' independent view. */
  sql<T extends Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export interface ServiceUnderTestOptions {
  name: string;
  /** Prefix of the test databases (unique per test file). */
  label: string;
  database: DatabaseDescriptor;
  /** The service's module for a configuration read from this environment (as `main.ts` does). */
  module: (env: NodeJS.ProcessEnv) => DynamicModule;
  env?: NodeJS.ProcessEnv;
  /** How the service's `main.ts` builds it, when it differs from the defaults (the gateway). */
  definition?: (env: NodeJS.ProcessEnv) => Partial<Omit<ServiceDefinition, 'module'>>;
}

/** A service as it runs in production (HTTP, its own migrated database, a bus database), for integration tests. */
export async function startServiceUnderTest(options: ServiceUnderTestOptions): Promise<ServiceUnderTest> {
  const db = await createTestDatabase(options.label, options.database);
  const bus = await createTestDatabase(`${options.label}_bus`, EVENT_BUS_DATABASE);
  const env = { DATABASE_URL: db.url, EVENT_BUS_DATABASE_URL: bus.url, LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent', ...options.env };
  const module = options.module(env);
  const service = await startService({ name: options.name, description: 'test', module, host: '127.0.0.1', port: 0, bodyLimit: '1mb', ...options.definition?.(env) });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    url: service.url,
    databaseUrl: db.url,
    busUrl: bus.url,
    app: service.app,
    sql: async (query, params) => (await client.query(query, params as unknown[])).rows,
    request: async (method, path, body, headers = {}) => {
      const response = await fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await service.close();
      await client.end();
      await db.drop();
      await bus.drop();
    },
  };
}
