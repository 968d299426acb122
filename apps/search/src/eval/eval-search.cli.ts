import { readFileSync } from 'node:fs';

/**
 * `npm run eval:search`: relevance of the public search, measured against a running search
 * service (`npm start` first, or SEARCH_URL). Each judged query of `apps/search/eval/judged-queries.json`
 * (French and Dutch, typed as citizens and social workers type them: misspellings, missing
 * accents, plurals, Dutch compounds, taxonomy keywords, place names, professions) is sent to
 * `/search?q=…&lang=…&size=3`, and passes when one of the top 3 hits meets its expectation
 * (a category, a profession, a name fragment or a record id). Prints one line per query, the
 * pass rate per kind of query and per language, and the overall score.
 * Exit codes: 0 score ≥ 90 %, 1 below (or an unreadable judged set), 2 service not reachable.
 */

const TARGET = 0.9;
const TOP = 3;
const TIMEOUT_MS = 10_000;
const KINDS = ['misspelling', 'accents', 'plural', 'compound', 'category-keyword', 'name', 'profession'] as const;
const LANGS = ['fr', 'nl'] as const;

type Kind = (typeof KINDS)[number];
type Lang = (typeof LANGS)[number];
type Expectation = { categoryId: number } | { profession: string } | { nameContains: string } | { id: string } | { anyOf: Expectation[] };

interface JudgedQuery {
  id: string;
  lang: Lang;
  q: string;
  kind: Kind;
  expect: Expectation;
  why: string;
}

/** The part of a `/search` answer this script reads. */
interface SearchHit {
  id: string;
  kind: string;
  name: string;
  subtitle: string | null;
  categories: { id: number; name: string }[];
  profession: string | null;
}
interface SearchResponse {
  total: number;
  hits: SearchHit[];
}

interface Outcome {
  query: JudgedQuery;
  passed: boolean;
  hits: SearchHit[];
}

class ServiceUnreachable extends Error {}

const baseUrl = (process.env['SEARCH_URL'] ?? 'http://127.0.0.1:3004').replace(/\/+$/, '');
const setUrl = new URL('../../eval/judged-queries.json', import.meta.url);
const out = (line = '') => process.stdout.write(`${line}\n`);
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
const percent = (passed: number, total: number) => (total === 0 ? 0 : (passed / total) * 100);
const rate = (passed: number, total: number) => `${passed}/${total} (${percent(passed, total).toFixed(1)} %)`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isExpectation(value: unknown): value is Expectation {
  if (!isRecord(value) || Object.keys(value).length !== 1) return false;
  if ('categoryId' in value) return Number.isInteger(value['categoryId']);
  if ('profession' in value) return typeof value['profession'] === 'string' && value['profession'] !== '';
  if ('nameContains' in value) return typeof value['nameContains'] === 'string' && value['nameContains'] !== '';
  if ('id' in value) return typeof value['id'] === 'string' && /^(site|practice):\S+$/.test(value['id']);
  // Several answers a person would accept equally (a GP practice, or a site offering GP care).
  if ('anyOf' in value) return Array.isArray(value['anyOf']) && value['anyOf'].length > 1 && value['anyOf'].every(isExpectation);
  return false;
}

/** Reads and checks the judged set; any problem is reported with the offending entry. */
function loadJudgedQueries(): JudgedQuery[] {
  const parsed: unknown = JSON.parse(readFileSync(setUrl, 'utf8'));
  const entries = isRecord(parsed) ? parsed['queries'] : undefined;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new Error('expected { "description": …, "queries": [ … ] } with at least one query');
  const seen = new Set<string>();
  return entries.map((entry: unknown, index) => {
    const where = `queries[${index}]`;
    if (!isRecord(entry)) throw new Error(`${where}: not an object`);
    const { id, lang, q, kind, expect, why } = entry;
    if (typeof id !== 'string' || id === '' || seen.has(id)) throw new Error(`${where}: missing or duplicate id`);
    seen.add(id);
    if (!LANGS.includes(lang as Lang)) throw new Error(`${id}: lang must be one of ${LANGS.join(', ')}`);
    if (typeof q !== 'string' || q.trim() === '') throw new Error(`${id}: q must be a non-empty string`);
    if (!KINDS.includes(kind as Kind)) throw new Error(`${id}: kind must be one of ${KINDS.join(', ')}`);
    if (!isExpectation(expect)) throw new Error(`${id}: expect must be exactly one of categoryId, profession, nameContains, id, anyOf`);
    if (typeof why !== 'string' || why === '') throw new Error(`${id}: why must explain the judgement`);
    return { id, lang: lang as Lang, q, kind: kind as Kind, expect, why };
  });
}

function describe(expect: Expectation): string {
  if ('categoryId' in expect) return `category ${expect.categoryId}`;
  if ('profession' in expect) return `profession "${expect.profession}"`;
  if ('nameContains' in expect) return `name containing "${expect.nameContains}"`;
  if ('anyOf' in expect) return expect.anyOf.map(describe).join(' or ');
  return `record ${expect.id}`;
}

function meets(hit: SearchHit, expect: Expectation): boolean {
  if ('categoryId' in expect) return hit.categories.some((category) => category.id === expect.categoryId);
  if ('profession' in expect) return hit.profession === expect.profession;
  if ('nameContains' in expect) return fold(hit.name).includes(fold(expect.nameContains));
  if ('anyOf' in expect) return expect.anyOf.some((e) => meets(hit, e));
  return hit.id === expect.id;
}

async function search(query: JudgedQuery): Promise<SearchHit[]> {
  const url = new URL(`${baseUrl}/search`);
  url.search = new URLSearchParams({ q: query.q, lang: query.lang, size: String(TOP) }).toString();
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ServiceUnreachable(`${baseUrl} did not answer (${cause})`);
  }
  if (!response.ok) {
    throw new ServiceUnreachable(`${url.href} answered HTTP ${response.status}: is SEARCH_URL the search service?`);
  }
  const body = (await response.json().catch(() => null)) as SearchResponse | null;
  if (!Array.isArray(body?.hits)) throw new ServiceUnreachable(`${url.href} did not answer a search response`);
  return body.hits.slice(0, TOP);
}

function printGroup<K extends string>(title: string, keys: readonly K[], keyOf: (outcome: Outcome) => K, outcomes: Outcome[]): void {
  out(`\nper ${title}:`);
  for (const key of keys) {
    const group = outcomes.filter((outcome) => keyOf(outcome) === key);
    if (group.length === 0) continue;
    out(`  ${key.padEnd(17)} ${rate(group.filter((outcome) => outcome.passed).length, group.length)}`);
  }
}

let queries: JudgedQuery[];
try {
  queries = loadJudgedQueries();
} catch (error) {
  process.stderr.write(`eval:search: cannot read ${setUrl.pathname}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

out(`search relevance: ${queries.length} judged queries against ${baseUrl} (pass = expectation met in the top ${TOP})\n`);
const outcomes: Outcome[] = [];
try {
  for (const query of queries) {
    const hits = await search(query);
    const passed = hits.some((hit) => meets(hit, query.expect));
    outcomes.push({ query, passed, hits });
    out(`${passed ? 'PASS' : 'FAIL'}  ${query.id.padEnd(38)} ${query.lang}  "${query.q}"`);
    if (!passed) {
      out(
        `      expected ${describe(query.expect)}; top ${TOP}: ${hits.length === 0 ? '(no hit)' : hits.map((hit) => hit.name).join(' | ')}`,
      );
    }
  }
} catch (error) {
  if (!(error instanceof ServiceUnreachable)) throw error;
  process.stderr.write(`\neval:search: the search service cannot be reached: ${error.message}\n`);
  process.stderr.write('Start the platform with `npm start` first, or set SEARCH_URL to a running search service.\n');
  process.exit(2);
}

printGroup('kind', KINDS, (outcome) => outcome.query.kind, outcomes);
printGroup('language', LANGS, (outcome) => outcome.query.lang, outcomes);
const passed = outcomes.filter((outcome) => outcome.passed).length;
const reached = passed / outcomes.length >= TARGET;
out(`\nscore: ${rate(passed, outcomes.length)}, target ${(TARGET * 100).toFixed(0)} %: ${reached ? 'reached' : 'MISSED'}`);
process.exit(reached ? 0 : 1);
