import { fileURLToPath } from 'node:url';
import { defineEntity, p } from '@mikro-orm/core';
import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../admin/database-admin.js';
import { withDatabase } from '../admin/database-url.js';
import { runDatabaseCommand } from './database-command.js';
import type { DatabaseDescriptor } from './database-descriptor.js';

const migrationsDir = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));

const ThingAsMigrated = defineEntity({ name: 'Thing', tableName: 'thing', properties: { id: p.integer().primary() } });
const ThingWithName = defineEntity({ name: 'Thing', tableName: 'thing', properties: { id: p.integer().primary(), name: p.text() } });

// @care/testing builds on this library, so its database helper is inlined here.
async function createTestDatabase(label: string) {
  const url = withDatabase(process.env['CARE_TEST_SERVER_URL']!, `t_${label}_${randomBytes(4).toString('hex')}`);
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

const descriptor = (entities: DatabaseDescriptor['entities']): DatabaseDescriptor => ({
  service: 'drift-test',
  database: 'drift_test',
  entities,
  migrationsDir,
  migrationsSourceDir: migrationsDir,
});

describe('database commands', () => {
  it('check passes when the committed migrations produce what the entities describe', async () => {
    const db = await createTestDatabase('drift_ok');
    const lines: string[] = [];
    expect(await runDatabaseCommand(descriptor([ThingAsMigrated]), 'check', db.url, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain('agree');
    await db.drop();
  });

  it('check fails and prints the missing SQL when an entity changed without a migration', async () => {
    const db = await createTestDatabase('drift_ko');
    const lines: string[] = [];
    expect(await runDatabaseCommand(descriptor([ThingWithName]), 'check', db.url, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/DRIFT[\s\S]*alter table "thing" add "name" text/);
    await db.drop();
  });

  it('migrate creates the database and applies the migrations once', async () => {
    const db = await createTestDatabase('migrate');
    await db.drop(); // migrate must create it
    const lines: string[] = [];
    await runDatabaseCommand(descriptor([ThingAsMigrated]), 'migrate', db.url, (l) => lines.push(l));
    await runDatabaseCommand(descriptor([ThingAsMigrated]), 'migrate', db.url, (l) => lines.push(l));
    expect(lines[0]).toContain('applied Migration20260101000000');
    expect(lines[1]).toContain('schema up to date');
    await db.drop();
  });
});
