import { randomBytes } from 'node:crypto';
import {
  dropDatabase,
  ensureDatabase,
  migrateServiceDatabase,
  withDatabase,
  type DatabaseDescriptor,
} from '@care/persistence';

export function testServerUrl(): string {
  const url = process.env['CARE_TEST_SERVER_URL'];
  if (!url) throw new Error('CARE_TEST_SERVER_URL is not set: run tests through jest (global setup starts PostgreSQL)');
  return url;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, named after it and unique across workers; migrated with
 * the committed migrations of `descriptor` when given (the same path as production).
 */
export async function createTestDatabase(label: string, descriptor?: DatabaseDescriptor): Promise<TestDatabase> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${process.env['JEST_WORKER_ID'] ?? '0'}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(testServerUrl(), name);
  await ensureDatabase(url);
  if (descriptor) {
    await migrateServiceDatabase({ service: descriptor.service, databaseUrl: url, entities: descriptor.entities, migrationsDir: descriptor.migrationsDir });
  }
  return { url, drop: () => dropDatabase(url) };
}
