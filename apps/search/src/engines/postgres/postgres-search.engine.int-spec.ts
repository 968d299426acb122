import pg from 'pg';
import type { SearchDocument } from '@care/search-domain';
import { createTestDatabase, waitFor, type TestDatabase } from '@care/testing';
import { SEARCH_DATABASE } from '../../persistence/search.database.js';
import { query, searchEngineContract } from '../search-engine.contract.js';
import { PostgresSearchEngine } from './postgres-search.engine.js';

let database: TestDatabase | undefined;

searchEngineContract('postgres', async () => {
  database = await createTestDatabase('search_engine', SEARCH_DATABASE);
  return new PostgresSearchEngine(database.url, 4);
});

afterAll(async () => {
  await database?.drop();
});

/**
 * What the contract cannot see: several instances over one database. Each answers from its own
 * in-memory replica, which follows the others' writes (notifications at commit) and catches up
 * after losing its listening connection.
 */
describe('PostgreSQL engine: replicas of several instances', () => {
  let db: TestDatabase;
  let writer: PostgresSearchEngine;
  let reader: PostgresSearchEngine;
  const generation = 7;

  beforeAll(async () => {
    db = await createTestDatabase('search_replicas', SEARCH_DATABASE);
    writer = new PostgresSearchEngine(db.url, 2);
    reader = new PostgresSearchEngine(db.url, 2);
    await writer.prepare(generation);
    await writer.index(generation, [site(1, 'Maison médicale du Parc', 1), site(2, 'Centre de planning familial', 1)]);
  });
  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    await db?.drop();
  });

  const names = async (engine: PostgresSearchEngine, q: string | null = null, g = generation) =>
    (await engine.search(g, query({ q, sort: q ? 'relevance' : 'name' }))).hits.map((h) => h.display.name.fr);

  it('loads a generation, then follows another instance’s writes and removals', async () => {
    expect(await names(reader)).toEqual(['Centre de planning familial', 'Maison médicale du Parc']);
    await writer.index(generation, [site(1, 'Maison médicale des Étangs', 2), site(3, 'Abri de nuit', 2)]);
    await waitFor(async () => (await names(reader)).includes('Maison médicale des Étangs'), 10_000, 'the other instance’s update');
    expect(await names(reader)).toEqual(['Abri de nuit', 'Centre de planning familial', 'Maison médicale des Étangs']);
    expect(await names(reader, 'étangs')).toEqual(['Maison médicale des Étangs']);
    await writer.remove(generation, [{ id: 'site:2', version: 3 }]);
    await waitFor(async () => (await names(reader)).length === 2, 10_000, 'the other instance’s removal');
    expect(await names(reader, 'planning')).toEqual([]);
  });

  it('catches up with what it missed while its listening connection was down', async () => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'care-search-replica' and datname = current_database()`);
      // Written while nobody listens: the notification is lost for the reader.
      await writer.index(generation, [site(4, 'Service de santé mentale', 3)]);
      await waitFor(async () => (await names(reader)).includes('Service de santé mentale'), 15_000, 'the missed write after reconnecting');
    } finally {
      await admin.end();
    }
  });

  it('holds a newer generation as it is written, so that a swap finds it in memory', async () => {
    await writer.prepare(generation + 1);
    await writer.index(generation + 1, [site(5, 'Crèche Les Lutins', 1)]);
    await waitFor(async () => Object.keys((await reader.health()).details?.['documentsInMemory'] as object).includes(String(generation + 1)), 10_000, 'the new generation held');
    expect(await names(reader, null, generation + 1)).toEqual(['Crèche Les Lutins']);
    await writer.drop(generation + 1);
    await waitFor(async () => !Object.keys((await reader.health()).details?.['documentsInMemory'] as object).includes(String(generation + 1)), 10_000, 'the dropped generation forgotten');
  });
});

function site(id: number, name: string, version: number): SearchDocument {
  return {
    id: `site:${id}`,
    kind: 'site',
    entityId: String(id),
    version,
    name: { fr: name, nl: name },
    altNames: [],
    text: { fr: '', nl: '' },
    keywords: { fr: '', nl: '' },
    point: { lat: 50.85, lon: 4.35 },
    postcode: '1000',
    municipality: '21004',
    statSector: null,
    district: null,
    sectorIds: [],
    rubriqueIds: [],
    categoryIds: [],
    agrementTypeIds: [],
    authorityIds: [],
    languages: ['fr'],
    offerKind: null,
    targetPublics: [],
    profession: null,
    convention: null,
    acceptingPatients: null,
    openIntervals: [],
    display: { name: { fr: name, nl: name }, subtitle: null, address: null, phone: null, email: null, website: null, categories: [], profession: null, appointmentOnly: false, hoursRemark: null, link: `/sites/${id}` },
  };
}
