import pg from 'pg';
import { assertIdentifier, databaseName, withDatabase } from './database-url.js';

/** Runs one statement on the maintenance database of the server behind `url`. */
async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when it does not exist yet. Returns true when created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = assertIdentifier(databaseName(url));
  return onServer(url, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database "${name}"`);
      return true;
    } catch (error) {
      // Two processes may race to create the same database: losing the race is fine.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = assertIdentifier(databaseName(url));
  await onServer(url, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

/** Resolves when the server answers, or rejects after `timeoutMs`. */
export async function waitForServer(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await onServer(url, (client) => client.query('select 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
