import { waitFor } from '@care/testing';
import { CRISIS_CONTACTS, PRINCIPAL_TAGS, PRINCIPALS, siteContent, startGatewayPlatform, type GatewayPlatform } from './gateway-harness.js';
import { grantFor, operationsOf, ResponseValidator, type Json, type Operation } from './openapi-document.js';
import { AUTHORITY_FIELDS, DEMO_API_KEY_ID, INTERNAL_FIELDS, restrictedFieldsIn, sampleFor } from './route-samples.js';

/**
 * Acceptance 1 and 2 of issue 11, through the gateway of a running platform: every documented
 * route × every kind of caller gets the status the published policy (x-care-policy) implies, and
 * no answer carries a field above the caller's audience; representatives stay within their
 * organisation; protected fields cannot be written. Acceptance 1 of issue 13: the crisis-management
 * endpoints, checked against the rule itself (not the policy), and their audit.
 */
describe('gateway authorisation matrix (every route × every caller)', () => {
  let gw: GatewayPlatform;
  let document: Json;
  let operations: Operation[];
  let referenceList: string;

  beforeAll(async () => {
    gw = await startGatewayPlatform('e2e_matrix');
    // The publisher's feed follows the organisations' events: wait until the published site is there.
    await waitFor(async () => (await gw.request('admin', 'GET', `/api/publisher/entities/site/${gw.fixtures.siteA}`)).status === 200, 30_000, 'site in the feed');
    document = (await gw.request('anonymous', 'GET', '/docs-json')).body;
    operations = operationsOf(document);
    referenceList = Object.keys((await gw.request('anonymous', 'GET', '/api/organisations/reference-lists')).body)[0]!;
  }, 360_000);
  afterAll(() => gw?.stop(), 60_000);

  it('documents every service’s routes under /api/{service} with their policy', () => {
    const prefixes = new Set(operations.map((o) => o.path.split('/').slice(0, 3).join('/')));
    for (const service of ['organisations', 'care-providers', 'agrements', 'search', 'publisher', 'admin']) expect(prefixes).toContain(`/api/${service}`);
    expect(operations.length).toBeGreaterThan(90);
    expect(operations.filter((o) => !Array.isArray(o.policy) || o.policy.length === 0)).toEqual([]);
    expect(document['components']['securitySchemes']).toHaveProperty('clientCredentials');
  });

  it('has a policy entry for every route every service documents (a route without one is refused to everyone)', async () => {
    const published = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const missing: string[] = [];
    for (const service of ['organisations', 'care-providers', 'agrements', 'search', 'publisher']) {
      const own = operationsOf((await (await fetch(`${gw.platform.urls[service]}/docs-json`)).json()) as Json);
      expect(own.length).toBeGreaterThan(0);
      for (const o of own) {
        if (o.path === '/health') continue; // operations endpoint of each service, not exposed through the gateway
        if (!published.has(`${o.method} /api/${service}${o.path}`)) missing.push(`${o.method} /api/${service}${o.path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers every route × caller with 200/401/403 as the policy says, and never a field above the caller’s audience', async () => {
    const failures: string[] = [];
    let checked = 0;
    // Reads first, writes after: a write that succeeds must not change what the reads see.
    const ordered = [...operations.filter((o) => o.method === 'GET'), ...operations.filter((o) => o.method !== 'GET')];
    for (const operation of ordered) {
      const sample = sampleFor(operation.path, gw.fixtures, referenceList);
      if (!sample) {
        failures.push(`${operation.method} ${operation.path}: no sample parameters (add it to route-samples.ts)`);
        continue;
      }
      const target = sample.query ? `${sample.path}?${sample.query}` : sample.path;
      for (const principal of PRINCIPALS) {
        const grant = grantFor(operation, PRINCIPAL_TAGS[principal]);
        const answer = await gw.request(principal, operation.method, target, operation.method === 'GET' ? undefined : {});
        checked++;
        const label = `${principal} ${operation.method} ${target} → ${answer.status}`;
        if (answer.status >= 500) failures.push(`${label}: server error ${answer.text.slice(0, 200)}`);
        if (!grant) {
          const expected = principal === 'anonymous' ? 401 : 403;
          if (answer.status !== expected) failures.push(`${label}, expected ${expected}`);
          continue;
        }
        if (operation.method === 'GET' && answer.status !== sample.expectedGet) failures.push(`${label}, expected ${sample.expectedGet}: ${answer.text.slice(0, 200)}`);
        if (operation.method !== 'GET' && (answer.status === 401 || answer.status === 403)) failures.push(`${label}, expected the request to be authorised`);
        if (answer.status === 200 && grant.audience !== 'internal') {
          const leaked = restrictedFieldsIn(answer.body, grant.audience === 'public' ? [...INTERNAL_FIELDS, ...AUTHORITY_FIELDS] : INTERNAL_FIELDS);
          if (leaked.length) failures.push(`${label}: ${grant.audience} audience received ${leaked.slice(0, 5).join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(operations.length * PRINCIPALS.length);
  }, 300_000);

  it('shows restricted fields to the audiences entitled to them (the matrix’s field check can fail)', async () => {
    const { siteA, providerId } = gw.fixtures;
    expect((await gw.request('editor', 'GET', `/api/organisations/sites/${siteA}`)).body.state).toBe('published');
    expect((await gw.request('anonymous', 'GET', `/api/organisations/sites/${siteA}`)).body).not.toHaveProperty('state');
    expect((await gw.request('authority-client', 'GET', `/api/care-providers/providers/${providerId}`)).body).toHaveProperty('directContacts');
    expect((await gw.request('integrator-client', 'GET', `/api/care-providers/providers/${providerId}`)).body).not.toHaveProperty('directContacts');
    expect((await gw.request('admin', 'GET', `/api/care-providers/providers/${providerId}`)).body).toHaveProperty('objections');
  });

  it('keeps a representative of organisation A out of organisation B’s sites (403), drafts and proposals alike', async () => {
    const { draftB, siteB, draftA } = gw.fixtures;
    expect((await gw.request('representative', 'GET', `/api/organisations/sites/${draftB}`)).status).toBe(403);
    expect((await gw.request('representative', 'GET', `/api/organisations/sites/${siteB}`)).status).toBe(403);
    expect((await gw.request('representative', 'POST', `/api/organisations/sites/${siteB}/proposals`, { content: siteContent('Reprise') })).status).toBe(403);
    expect((await gw.request('representative', 'GET', `/api/organisations/sites/${siteB}/proposals`)).status).toBe(403);
    const ownDraft = await gw.request('representative', 'GET', `/api/organisations/sites/${draftA}`);
    expect(ownDraft.body).toMatchObject({ state: 'draft', organisationId: gw.fixtures.orgA });
    const list = (await gw.request('representative', 'GET', `/api/organisations/sites?organisationId=${gw.fixtures.orgB}`)).body;
    expect(list.items.every((s: { organisationId: number }) => s.organisationId === gw.fixtures.orgA)).toBe(true);
    // Anonymous callers do not learn that a draft exists.
    expect((await gw.request('anonymous', 'GET', `/api/organisations/sites/${draftB}`)).status).toBe(404);
  });

  it('refuses state, lastVerifiedAt, version, provenance and ids sent by an editor or a representative (mass assignment)', async () => {
    const { siteA, orgA } = gw.fixtures;
    const current = await gw.request('editor', 'GET', `/api/organisations/sites/${siteA}`);
    for (const field of [{ state: 'draft' }, { lastVerifiedAt: '2035-01-01T00:00:00Z' }, { version: 1 }, { provenance: {} }, { id: 1 }]) {
      const name = Object.keys(field)[0];
      const edit = await gw.request('editor', 'PUT', `/api/organisations/sites/${siteA}`, { ...siteContent('X'), organisationId: orgA, ...field }, { 'if-match': current.headers.get('etag')! });
      expect([edit.status, edit.body.errors?.map((e: { path: string }) => e.path)]).toEqual([400, [name]]);
      const proposal = await gw.request('representative', 'POST', `/api/organisations/sites/${siteA}/proposals`, { content: { ...siteContent('X'), ...field } });
      expect([proposal.status, proposal.body.errors?.map((e: { path: string }) => e.path)]).toEqual([400, [`content.${name}`]]);
    }
    const after = await gw.request('editor', 'GET', `/api/organisations/sites/${siteA}`);
    expect(after.headers.get('etag')).toBe(current.headers.get('etag'));
    expect(after.body.lastVerifiedAt).toBe(current.body.lastVerifiedAt);
  });

  it('lets a representative propose and confirm in one step; a validator’s acceptance updates lastVerifiedAt', async () => {
    const { siteA } = gw.fixtures;
    const before = await gw.request('representative', 'GET', `/api/organisations/sites/${siteA}`);
    const confirmed = await gw.request('representative', 'POST', `/api/organisations/sites/${siteA}/verifications`, { withChanges: false }, { 'if-match': before.headers.get('etag')! });
    expect(confirmed.status).toBe(201);
    expect(Date.parse(confirmed.body.lastVerifiedAt)).toBeGreaterThan(Date.parse(before.body.lastVerifiedAt));
    const proposal = (await gw.request('representative', 'POST', `/api/organisations/sites/${siteA}/proposals`, { content: siteContent('Alpha, nom validé') })).body;
    expect((await gw.request('representative', 'POST', `/api/organisations/proposals/${proposal.id}/accept`)).status).toBe(403);
    const accepted = await gw.request('validator', 'POST', `/api/organisations/proposals/${proposal.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.site).toMatchObject({ state: 'published', names: { official: { fr: 'Alpha, nom validé' } } });
    expect(Date.parse(accepted.body.site.lastVerifiedAt)).toBeGreaterThan(Date.parse(confirmed.body.lastVerifiedAt));
  });

  it('audits every write with actor, client, route, entity and before/after hashes; admins only may read it', async () => {
    const { siteA } = gw.fixtures;
    const current = await gw.request('editor', 'GET', `/api/organisations/sites/${siteA}`);
    const edit = await gw.request('editor', 'PUT', `/api/organisations/sites/${siteA}`, { ...siteContent('Alpha audité'), organisationId: gw.fixtures.orgA }, { 'if-match': current.headers.get('etag')!, 'x-request-id': 'audit-check-1' });
    expect(edit.status).toBe(200);
    expect((await gw.request('validator', 'GET', '/api/admin/audit')).status).toBe(403);
    expect((await gw.request('anonymous', 'GET', '/api/admin/audit')).status).toBe(401);
    const audit = (await gw.request('admin', 'GET', `/api/admin/audit?entityType=site&entityId=${siteA}&method=PUT&size=200`)).body;
    const entry = audit.items.find((e: { requestId: string }) => e.requestId === 'audit-check-1');
    expect(entry).toMatchObject({ actor: 'demo-editor', actorKind: 'staff', route: '/api/organisations/sites/{id}', path: `/api/organisations/sites/${siteA}`, status: 200, entityType: 'site', entityId: String(siteA) });
    expect(entry.beforeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.afterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.afterHash).not.toBe(entry.beforeHash);
    const refused = (await gw.request('admin', 'GET', '/api/admin/audit?actor=anonymous&status=401&size=5')).body;
    expect(refused.total).toBeGreaterThan(0);
    const created = (await gw.request('admin', 'GET', '/api/admin/audit?entityType=site&method=POST&status=201&size=200')).body;
    expect(created.items.map((e: { entityId: string }) => e.entityId)).toContain(String(gw.fixtures.draftB));
  });

  it('keeps every crisis-management endpoint from anonymous, API-key, integrator and representative callers; representatives keep their own site’s contacts and reports', async () => {
    const { siteA, siteB } = gw.fixtures;
    // Every authority endpoint the platform documents, found by path (a new one is covered at once), independently of the policy.
    const authority = operations.filter((o) => o.path.startsWith('/api/search/authority') || o.path.startsWith('/api/agrements/availability') || o.path.endsWith('/crisis-contacts'));
    expect(authority.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      expect.arrayContaining(['POST /api/search/authority/query', 'POST /api/search/authority/export', 'POST /api/search/authority/changes', 'GET /api/agrements/availability', 'GET /api/agrements/availability/history', 'GET /api/organisations/sites/{id}/crisis-contacts']),
    );
    // Representatives may read and write their own site's crisis contacts and report its availability (here asked for
    // site B of another organisation): nothing else.
    const refusals: string[] = [];
    for (const operation of authority) {
      const sample = sampleFor(operation.path, gw.fixtures, referenceList)!;
      const target = (sample.query ? `${sample.path}?${sample.query}` : sample.path).replace(`/sites/${siteA}/`, `/sites/${siteB}/`);
      const body = operation.method === 'GET' ? undefined : operation.path === '/api/agrements/availability' ? { siteId: siteB, status: 'open', freePlaces: 1 } : {};
      // (If-Match: a write refused for its caller must not be refused first for a missing version.)
      for (const principal of ['anonymous', 'api-key', 'integrator-client', 'representative'] as const) {
        const status = (await gw.request(principal, operation.method, target, body, { 'if-match': '"1"' })).status;
        const expected = principal === 'anonymous' ? 401 : 403;
        if (status !== expected) refusals.push(`${principal} ${operation.method} ${target} → ${status}, expected ${expected}`);
      }
    }
    expect(refusals).toEqual([]);
    expect((await gw.request('representative', 'GET', `/api/organisations/sites/${siteA}/crisis-contacts`)).body.contacts).toMatchObject(CRISIS_CONTACTS);
    expect((await gw.request('representative', 'POST', '/api/agrements/availability', { siteId: siteA, status: 'full' })).status).toBe(201);
    // Authority clients read, never write what sites report.
    expect((await gw.request('authority-client', 'PUT', `/api/organisations/sites/${siteA}/crisis-contacts`, CRISIS_CONTACTS, { 'if-match': '"1"' })).status).toBe(403);
    expect((await gw.request('authority-client', 'POST', '/api/agrements/availability', { siteId: siteA, status: 'open', freePlaces: 9 })).status).toBe(403);
  });

  it('gives authority clients crisis contacts, capacity and free places with when reported, never an internal field; exports need export:bulk', async () => {
    const { siteA } = gw.fixtures;
    await waitFor(async () => (await gw.request('authority-client', 'POST', '/api/search/authority/query', { kind: ['site'] })).body?.items?.some((i: { entityId: string; crisisContacts: unknown }) => i.entityId === String(siteA) && i.crisisContacts), 60_000, 'site A with its crisis contacts in the authority records');
    const answer = (await gw.request('authority-client', 'POST', '/api/search/authority/query', { kind: ['site'] })).body;
    const item = answer.items.find((i: { entityId: string }) => i.entityId === String(siteA));
    expect(item.crisisContacts).toMatchObject(CRISIS_CONTACTS);
    expect(item.availability[0]).toMatchObject({ reportedAt: expect.any(String), ageSeconds: expect.any(Number), reporter: { kind: 'representative' } });
    const geojson = await gw.request('authority-client', 'POST', '/api/search/authority/export?format=geojson', { kind: ['site'] });
    // The file matches the schema documented for its media type (what the fuzz tests check), and the check can fail.
    const exportOperation = operations.find((o) => o.method === 'POST' && o.path === '/api/search/authority/export')!;
    const validator = new ResponseValidator(document);
    expect(validator.check(exportOperation, 200, geojson.body, geojson.text, geojson.headers.get('content-type'))).toBeNull();
    expect(validator.check(exportOperation, 200, { ...geojson.body, features: [{ type: 'Feature' }] }, geojson.text, 'application/geo+json')).not.toBeNull();
    const answers = [
      answer,
      geojson.body,
      (await gw.request('authority-client', 'GET', `/api/agrements/availability?siteId=${siteA}`)).body,
      (await gw.request('authority-client', 'GET', `/api/agrements/availability/history?siteId=${siteA}`)).body,
      (await gw.request('authority-client', 'GET', `/api/organisations/sites/${siteA}/crisis-contacts`)).body,
    ];
    expect(answers[1].features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(answer.items.map((i: { id: string }) => i.id));
    expect(answers[2].items.length).toBeGreaterThan(0);
    for (const body of answers) expect(restrictedFieldsIn(body, INTERNAL_FIELDS)).toEqual([]);
    // The check can fail: staff see who reported.
    expect(restrictedFieldsIn((await gw.request('editor', 'GET', `/api/agrements/availability?siteId=${siteA}`)).body, INTERNAL_FIELDS)).not.toEqual([]);

    // export:bulk decides: an authority client with authority:read only may query, not export.
    const created = (await gw.request('admin', 'POST', '/api/admin/clients', { id: 'matrix-authority-read', name: 'Authority, read only', kind: 'authority', scopes: ['authority:read'] })).body;
    const token = (await gw.request('anonymous', 'POST', '/oauth/token', `grant_type=client_credentials&client_id=matrix-authority-read&client_secret=${created.secret}`, { 'content-type': 'application/x-www-form-urlencoded' })).body.access_token;
    const readOnly = { authorization: `Bearer ${token}` };
    expect((await gw.request('anonymous', 'POST', '/api/search/authority/query', {}, readOnly)).status).toBe(200);
    for (const format of ['csv', 'xlsx', 'geojson']) {
      expect((await gw.request('anonymous', 'POST', `/api/search/authority/export?format=${format}`, {}, readOnly)).status).toBe(403);
      expect((await gw.request('authority-client', 'POST', `/api/search/authority/export?format=${format}`, {})).status).toBe(200);
    }
  });

  it('writes every authority query and export to the audit log with client, query, row count and time; admins read it', async () => {
    const selection = { kind: ['site'], area: { municipality: ['21015'] } };
    const started = Date.now();
    const queried = await gw.request('authority-client', 'POST', '/api/search/authority/query', selection, { 'x-request-id': 'crisis-audit-query' });
    const exported = await gw.request('authority-client', 'POST', '/api/search/authority/export?format=csv', selection, { 'x-request-id': 'crisis-audit-export' });
    expect([queried.status, exported.status]).toEqual([200, 200]);
    const rows = exported.text.split('\r\n').filter(Boolean).length - 2; // metadata comment and header
    expect(Number(exported.headers.get('x-care-row-count'))).toBe(rows);
    expect(rows).toBe(queried.body.total);
    expect(rows).toBeGreaterThan(0);
    const audit = async (entityType: string) => (await gw.request('admin', 'GET', `/api/admin/audit?entityType=${entityType}&client=demo-authority&size=200`)).body.items as Array<Record<string, any>>;
    const query = (await audit('authority-query')).find((e) => e['requestId'] === 'crisis-audit-query')!;
    const file = (await audit('authority-export')).find((e) => e['requestId'] === 'crisis-audit-export')!;
    expect(query).toMatchObject({ actor: 'demo-authority', client: 'demo-authority', method: 'POST', route: '/api/search/authority/query', status: 200, rowCount: queried.body.items.length, request: { query: null, truncated: false } });
    expect(JSON.parse(query['request'].body)).toEqual(selection);
    expect(file).toMatchObject({ client: 'demo-authority', route: '/api/search/authority/export', status: 200, rowCount: rows, request: { query: 'format=csv', truncated: false } });
    expect(JSON.parse(file['request'].body)).toEqual(selection);
    for (const entry of [query, file]) expect(Date.parse(entry['at'])).toBeGreaterThanOrEqual(started - 1_000);
    // Audited reads: who read which site's availability.
    await gw.request('authority-client', 'GET', `/api/agrements/availability?siteId=${gw.fixtures.siteA}`, undefined, { 'x-request-id': 'crisis-audit-availability' });
    const read = (await gw.request('admin', 'GET', '/api/admin/audit?client=demo-authority&method=GET&size=200')).body.items.find((e: { requestId: string }) => e.requestId === 'crisis-audit-availability');
    expect(read).toMatchObject({ route: '/api/agrements/availability', status: 200, request: { query: `siteId=${gw.fixtures.siteA}`, body: null } });
  });

  it('counts requests per API key and day', async () => {
    const before = (await gw.request('admin', 'GET', `/api/admin/api-keys/${DEMO_API_KEY_ID}/usage`)).body.total as number;
    for (let i = 0; i < 7; i++) await gw.request('api-key', 'GET', '/api/search/suggest?q=maison');
    const after = (await gw.request('admin', 'GET', `/api/admin/api-keys/${DEMO_API_KEY_ID}/usage`)).body;
    expect(after.total - before).toBe(7);
    expect(after.days).toHaveLength(1);
  });
});
