import pg from 'pg';
import { seededRandom } from '@care/geo';
import { createTestDatabase, type TestDatabase } from '@care/testing';
import { SEARCH_DATABASE } from '../../persistence/search.database.js';
import { matches, parseTsquery, parseTsvector, queryOperands, tsRank } from './text-search.js';

/**
 * The replica's text semantics against PostgreSQL itself, on the search configurations: for
 * generated documents and queries (stemming, accents, phrases, negations, positionless lexemes,
 * repeated words, several weights), `matches` equals `@@` and `tsRank` equals `ts_rank` to the bit (the driver reads float4 as its shortest decimal: Math.fround gives the float4 back).
 */
describe('text search in process = PostgreSQL text search', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('text_search', SEARCH_DATABASE);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const words = ['hôpital', 'hôpitaux', 'maison', 'médicale', 'maisons', 'médicales', 'planning', 'familial', 'ziekenhuis', 'ziekenhuizen', 'wijkgezondheidscentrum', 'huisarts', 'socio-culturel', 'aide', 'sociale', 'logement', 'CPAS', 'OCMW', 'jeugdhulp', 'crèche', 'kinderopvang', 'santé', 'mentale', 'de', 'la', 'van', 'centre', 'centrum'];
  const queries = ['maison médicale', '"aide sociale" -logement', 'hopital OR ziekenhuis', 'planning familial', 'socio-culturel', 'ziekenhuizen', '"maison médicale"', 'cpas', 'crèche kinderopvang', 'santé mentale -centre', 'de la', 'centre centrum huisarts'];

  it('matches and ranks every generated document as PostgreSQL does', async () => {
    const random = seededRandom(61);
    const text = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const documents = Array.from({ length: 150 }, () => ({ name: text(), keywords: text(), body: text() }));
    // Documents as the engine builds them: weights A/B/C, French, Dutch and neutral analyses, plus a positionless lexeme now and then.
    const { rows: vectors } = await client.query<{ tsv: string }>(
      `select (setweight(to_tsvector('search.care_simple', d->>'name'), 'A') || setweight(to_tsvector('search.care_fr', d->>'name'), 'A') || setweight(search.nl_vector(d->>'name'), 'A')
         || setweight(to_tsvector('search.care_fr', d->>'keywords'), 'B') || setweight(search.nl_vector(d->>'keywords'), 'B')
         || setweight(to_tsvector('search.care_fr', d->>'body'), 'C') || case when n % 7 = 0 then 'zonder'::tsvector else ''::tsvector end)::text as tsv
       from jsonb_array_elements($1::jsonb) with ordinality as t(d, n) order by n`,
      [JSON.stringify(documents)],
    );
    const { rows: analysed } = await client.query<{ tsquery: string }>(
      `select coalesce((select string_agg('(' || t || ')', ' | ') from (select distinct t from unnest(array[websearch_to_tsquery('search.care_fr', q)::text,
         search.nl_query(q)::text, websearch_to_tsquery('search.care_simple', q)::text]) t where t <> '') s), '') as tsquery
       from unnest($1::text[]) with ordinality as x(q, n) order by n`,
      [[...queries, 'zonder', 'zonder <-> huisarts']],
    );
    let compared = 0;
    let matched = 0;
    for (const { tsquery } of analysed) {
      const parsed = parseTsquery(tsquery)!;
      const operands = queryOperands(parsed);
      const { rows: expected } = await client.query<{ m: boolean; r: number }>(
        `select v::tsvector @@ $1::tsquery as m, ts_rank(v::tsvector, $1::tsquery) as r from unnest($2::text[]) with ordinality as t(v, n) order by n`,
        [tsquery, vectors.map((v) => v.tsv)],
      );
      vectors.forEach(({ tsv }, i) => {
        const vector = parseTsvector(tsv);
        const lookup = (lexeme: string) => {
          const at = vector.lexemes.indexOf(lexeme);
          return at < 0 ? undefined : vector.positions[at];
        };
        const m = matches(parsed, lookup);
        expect({ tsquery, tsv, matches: m }).toEqual({ tsquery, tsv, matches: expected[i]!.m });
        if (m) {
          expect({ tsquery, tsv, rank: tsRank(parsed, operands, lookup) }).toEqual({ tsquery, tsv, rank: Math.fround(expected[i]!.r) });
          matched++;
        }
        compared++;
      });
    }
    expect(compared).toBe(14 * 150);
    expect(matched).toBeGreaterThan(300);
  });

  it('reads tsvectors and tsqueries with quotes, weights and phrase distances', () => {
    expect(parseTsvector(`'it''s':1A,3 'plain' 'x':16383D`)).toEqual({ lexemes: ["it's", 'plain', 'x'], positions: [[(1 << 2) | 3, 3 << 2], [], [16383 << 2]] });
    expect(parseTsquery(`'a' <2> 'b' & !( 'c' | 'd''e' )`)).toEqual({
      op: 'and',
      left: { op: 'phrase', distance: 2, left: { op: 'val', lexeme: 'a' }, right: { op: 'val', lexeme: 'b' } },
      right: { op: 'not', arg: { op: 'or', left: { op: 'val', lexeme: 'c' }, right: { op: 'val', lexeme: "d'e" } } },
    });
    expect(parseTsquery('')).toBeNull();
    expect(() => parseTsquery(`'a':*`)).toThrow(/not supported/);
  });
});
