import fc from 'fast-check';
import { waitFor } from '@care/testing';
import { PRINCIPALS, siteContent, startGatewayPlatform, type GatewayPlatform, type PrincipalName } from './gateway-harness.js';
import { operationsOf, ResponseValidator, type Json, type Operation } from './openapi-document.js';
import { sampleFor } from './route-samples.js';

const RUNS = Number(process.env['FUZZ_REQUESTS'] ?? 5_000);
const CONCURRENCY = 4;

/**
 * Acceptance 3 of issue 11: property-based requests generated from the aggregated OpenAPI (every
 * documented route, its path, query and body parameters with valid and invalid values, as every
 * kind of caller) against a running platform. Every answer must be below 500 and match the schema
 * documented for its status. Plus: an oversized body gets 413, a burst gets 429 with Retry-After.
 */
describe('gateway fuzzing from the aggregated OpenAPI', () => {
  let gw: GatewayPlatform;
  let document: Json;
  let operations: Operation[];
  let validator: ResponseValidator;
  let referenceList: string;

  beforeAll(async () => {
    gw = await startGatewayPlatform('e2e_fuzz');
    await waitFor(async () => (await gw.request('admin', 'GET', `/api/publisher/entities/site/${gw.fixtures.siteA}`)).status === 200, 30_000, 'site in the feed');
    document = (await gw.request('anonymous', 'GET', '/docs-json')).body;
    operations = operationsOf(document).filter((o) => !(o.method === 'DELETE' && o.path.startsWith('/api/admin/')));
    validator = new ResponseValidator(document);
    referenceList = Object.keys((await gw.request('anonymous', 'GET', '/api/organisations/reference-lists')).body)[0]!;
  }, 360_000);
  afterAll(() => gw?.stop(), 60_000);

  it(`answers ${RUNS} generated requests without a 5xx, each answer matching its documented schema`, async () => {
    const failures = new Map<string, string>();
    const statuses = new Map<number, number>();
    const resolve = (schema: Json | undefined): Json | undefined => {
      if (!schema?.['$ref']) return schema;
      return document['components']['schemas'][String(schema['$ref']).split('/').pop()!];
    };

    const request = fc.oneof(...operations.map((operation) => requestArbitrary(operation, resolve, gw, referenceList)));
    const samples = fc.sample(request, { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? 20261211) });
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const { operation, principal, target, body, headers } = samples[next++]!;
        const answer = await gw.request(principal, operation.method, target, body, headers);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const key = `${operation.method} ${operation.path} ${answer.status}`;
        if (answer.status >= 500) failures.set(key, `${principal} ${operation.method} ${target}: ${answer.status} ${answer.text.slice(0, 300)} body=${JSON.stringify(body)?.slice(0, 3_000)}`);
        else {
          const problem = validator.check(operation, answer.status, answer.body, answer.text, answer.headers.get('content-type'));
          if (problem) failures.set(key, `${principal} ${operation.method} ${target}: ${problem} — ${answer.text.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    process.stdout.write(`fuzz: ${samples.length} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    expect([...failures.values()]).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(5_000);
    // The generator reaches both sides: accepted and refused requests.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
  }, 600_000);

  it('refuses an oversized body with 413 (declared or streamed), in the error format', async () => {
    const polygon = { type: 'Polygon', coordinates: [Array.from({ length: 200_000 }, (_, i) => [4.35 + i * 1e-9, 50.85])] };
    for (const [path, principal] of [['/api/search/search/area', 'anonymous'], ['/api/organisations/sites', 'editor'], ['/oauth/token', 'anonymous']] as const) {
      const answer = await gw.request(principal, 'POST', path, { area: polygon });
      expect([path, answer.status, answer.body?.code]).toEqual([path, 413, 'payload_too_large']);
    }
  });

  it('answers a burst above a key’s rate with 429 and Retry-After, other callers unaffected', async () => {
    const created = (await gw.request('admin', 'POST', '/api/admin/api-keys', { name: 'Burst test', rateLimitPerMinute: 30 })).body;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        const answer = await gw.request('anonymous', 'GET', '/api/search/suggest?q=maison', undefined, { 'x-api-key': created.key });
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter ??= answer.headers.get('retry-after');
      }),
    );
    expect(statuses.filter((s) => s === 200).length).toBe(30);
    expect(statuses.filter((s) => s === 429).length).toBe(30);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await gw.request('api-key', 'GET', '/api/search/suggest?q=maison')).status).toBe(200);
  });
});

interface GeneratedRequest {
  operation: Operation;
  principal: PrincipalName;
  target: string;
  body: unknown;
  headers: Record<string, string>;
}

const garbage = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(''), fc.constant('%00'), fc.constant('-1'), fc.constant('99999999999999999999'), fc.constant('ééé'), fc.constant('null'));

/** A value for a JSON schema: usually of the right type and within its enum, sometimes not. */
function valueArbitrary(schema: Json | undefined, resolve: (s: Json | undefined) => Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema) ?? {};
  const wrong = fc.oneof(garbage, fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
  if (depth > 4) return wrong;
  const alternatives = (s['anyOf'] ?? s['oneOf']) as Json[] | undefined;
  let right: fc.Arbitrary<unknown>;
  if (alternatives) right = fc.oneof(...alternatives.map((a) => valueArbitrary(a, resolve, depth + 1)));
  else if (s['enum']) right = fc.constantFrom(...(s['enum'] as unknown[]));
  else if (s['type'] === 'integer') right = fc.integer({ min: (s['minimum'] as number | undefined) ?? -10, max: Math.min((s['maximum'] as number | undefined) ?? 100_000, 2_000_000) });
  else if (s['type'] === 'number') right = fc.double({ min: -90, max: 90, noNaN: true });
  else if (s['type'] === 'boolean') right = fc.boolean();
  else if (s['type'] === 'string') {
    if (s['format'] === 'date') right = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    else if (s['format'] === 'date-time') right = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    else if (s['format'] === 'uuid') right = fc.uuid();
    else right = fc.string({ minLength: (s['minLength'] as number | undefined) ?? 0, maxLength: Math.min((s['maxLength'] as number | undefined) ?? 20, 40) });
  } else if (s['type'] === 'array') right = fc.array(valueArbitrary(s['items'], resolve, depth + 1), { maxLength: 3 });
  else if (s['type'] === 'object' || s['properties']) {
    const properties = Object.entries<Json>(s['properties'] ?? {});
    const required = new Set<string>(s['required'] ?? []);
    right = fc.record(Object.fromEntries(properties.map(([name, p]) => [name, valueArbitrary(p, resolve, depth + 1)])), { requiredKeys: properties.map(([n]) => n).filter((n) => required.has(n)) });
  } else right = fc.oneof(garbage, fc.constant({}));
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function requestArbitrary(operation: Operation, resolve: (s: Json | undefined) => Json | undefined, gw: GatewayPlatform, referenceList: string): fc.Arbitrary<GeneratedRequest> {
  const parameters = (operation.operation['parameters'] ?? []) as Json[];
  const sample = sampleFor(operation.path, gw.fixtures, referenceList)?.path ?? operation.path;
  const pathParams = parameters.filter((p) => p['in'] === 'path');
  const queryParams = parameters.filter((p) => p['in'] === 'query');
  // Path: the fixture's real ids most of the time (to reach the service's logic), generated values otherwise.
  const path = pathParams.length
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant(sample) },
        // (never empty: an empty segment is another route)
        { weight: 1, arbitrary: fc.tuple(...pathParams.map((p) => fc.oneof(valueArbitrary(p['schema'], resolve), garbage).filter((v) => String(v) !== ''))).map((values) => pathParams.reduce((acc, p, i) => acc.replace(`{${p['name']}}`, encodeURIComponent(String(values[i]))), operation.path)) },
      )
    : fc.constant(operation.path);
  const query = fc.tuple(...queryParams.map((p) => fc.option(valueArbitrary(p['schema'], resolve), { freq: 2, nil: undefined }))).map((values) =>
    queryParams
      .map((p, i) => (values[i] === undefined ? null : `${encodeURIComponent(p['name'])}=${encodeURIComponent(typeof values[i] === 'object' ? JSON.stringify(values[i]) : String(values[i]))}`))
      .filter(Boolean)
      .join('&'),
  );
  const bodySchema = operation.operation['requestBody']?.['content']?.['application/json']?.['schema'] as Json | undefined;
  const validBodies: unknown[] = operation.path.endsWith('/sites') || operation.path.endsWith('/sites/{id}') ? [{ ...siteContent('Fuzz'), organisationId: gw.fixtures.orgA }] : operation.path.endsWith('/proposals') ? [{ content: siteContent('Fuzz') }] : [];
  const body = bodySchema
    ? fc.oneof({ weight: 4, arbitrary: valueArbitrary(bodySchema, resolve) }, { weight: 1, arbitrary: validBodies.length ? fc.constantFrom(...validBodies) : fc.constant({}) }, { weight: 1, arbitrary: fc.constantFrom('not json', '{"unclosed": ', '[]') })
    : fc.constant(undefined);
  const headers = fc.record({ 'if-match': fc.constantFrom('"1"', '"2"', 'W/"1"', 'nonsense'), 'accept-language': fc.constantFrom('fr', 'nl', 'de', 'nl-BE,fr;q=0.5') }, { requiredKeys: [] });
  return fc.record({ principal: fc.constantFrom(...PRINCIPALS), path, query, body, headers }).map(({ principal, path: p, query: q, body: b, headers: h }) => ({
    operation,
    principal,
    target: q ? `${p}?${q}` : p,
    body: operation.method === 'GET' ? undefined : b,
    headers: h as Record<string, string>,
  }));
}
