import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { EVENT_BUS_DATABASE } from '@care/messaging';
import { startService } from '@care/service-kit';
import { createTestDatabase, type TestDatabase } from '@care/testing';
import { AppModule } from '../app.module.js';
import { loadCareProvidersConfig } from '../config/care-providers.config.js';
import { CARE_PROVIDERS_DATABASE } from '../persistence/care-providers.database.js';

export interface CareProvidersUnderTest {
  url: string;
  databaseUrl: string;
  busUrl: string;
  app: INestApplication;
  sql<T extends Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The care-providers service as it runs, on its own migrated test databases. */
export async function startCareProvidersService(label: string): Promise<CareProvidersUnderTest> {
  const db: TestDatabase = await createTestDatabase(label, CARE_PROVIDERS_DATABASE);
  const bus: TestDatabase = await createTestDatabase(`${label}_bus`, EVENT_BUS_DATABASE);
  const config = loadCareProvidersConfig({ DATABASE_URL: db.url, EVENT_BUS_DATABASE_URL: bus.url, LOG_LEVEL: 'silent' });
  const service = await startService({ name: 'care-providers', description: 'test', module: AppModule.register(config), host: '127.0.0.1', port: 0, bodyLimit: '1mb' });
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
