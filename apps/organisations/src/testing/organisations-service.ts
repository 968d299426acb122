import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { EVENT_BUS_DATABASE } from '@care/messaging';
import { startService } from '@care/service-kit';
import { createTestDatabase, type TestDatabase } from '@care/testing';
import { AppModule } from '../app.module.js';
import { loadOrganisationsConfig } from '../config/organisations.config.js';
import { ORGANISATIONS_DATABASE } from '../persistence/organisations.database.js';

export interface OrganisationsUnderTest {
  url: string;
  databaseUrl: string;
  app: INestApplication;
  /** Read the service's own database (outbox, sites) as the tests' independent view. */
  sql<T extends Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The organisations service as it runs, on its own migrated test databases. */
export async function startOrganisationsService(label: string, env: NodeJS.ProcessEnv = {}): Promise<OrganisationsUnderTest> {
  const db: TestDatabase = await createTestDatabase(label, ORGANISATIONS_DATABASE);
  const bus: TestDatabase = await createTestDatabase(`${label}_bus`, EVENT_BUS_DATABASE);
  const config = loadOrganisationsConfig({ DATABASE_URL: db.url, EVENT_BUS_DATABASE_URL: bus.url, LOG_LEVEL: 'silent', ...env });
  const service = await startService({ name: 'organisations', description: 'test', module: AppModule.register(config), host: '127.0.0.1', port: 0, bodyLimit: '1mb' });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    url: service.url,
    databaseUrl: db.url,
    app: service.app,
    sql: async (query, params) => (await client.query(query, params as unknown[])).rows,
    request: async (method, path, body, headers = {}) => {
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
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
