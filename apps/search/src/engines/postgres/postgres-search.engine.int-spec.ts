import { createTestDatabase, type TestDatabase } from '@care/testing';
import { SEARCH_DATABASE } from '../../persistence/search.database.js';
import { searchEngineContract } from '../search-engine.contract.js';
import { PostgresSearchEngine } from './postgres-search.engine.js';

let database: TestDatabase | undefined;

searchEngineContract('postgres', async () => {
  database = await createTestDatabase('search_engine', SEARCH_DATABASE);
  return new PostgresSearchEngine(database.url, 4);
});

afterAll(async () => {
  await database?.drop();
});
