import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@care/persistence';
import { waitFor } from '@care/testing';
import { startGatewayService, type GatewayUnderTest } from '../testing/gateway-service.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * The gateway in front of probe upstreams (plain HTTP servers that record what reaches them):
 * routing, headers set and stripped, request ids, streaming, 502/504/413/429, security headers,
 * CORS, deny by default.
 */
describe('gateway edge', () => {
  let gateway: GatewayUnderTest;
  const seen: Seen[] = [];
  let probe: http.Server;
  let stalled: http.Server;
  const stalledSockets = new Set<import('node:net').Socket>();

  beforeAll(async () => {
    probe = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url?.includes('/big')) {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024, 97));
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-care-row-count': '3' });
        res.end(JSON.stringify({ ok: true, url: req.url }));
      });
    });
    stalled = http.createServer(() => undefined); // accepts, never answers
    stalled.on('connection', (s) => stalledSockets.add(s));
    await Promise.all([new Promise<void>((r) => probe.listen(0, '127.0.0.1', r)), new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r))]);
    const probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    gateway = await startGatewayService('gateway_edge', {
      ORGANISATIONS_URL: probeUrl,
      CARE_PROVIDERS_URL: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`, // never answers: 504
      AGREMENTS_URL: `http://127.0.0.1:${await freePort()}`, // nothing listens: 502
      SEARCH_URL: probeUrl,
      PUBLISHER_URL: probeUrl,
      UPSTREAM_TIMEOUT_MS: '500',
      HTTP_BODY_LIMIT: '64kb',
      RATE_LIMIT_IP_BURST: '40',
      RATE_LIMIT_IP_PER_MINUTE: '60',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const s of stalledSockets) s.destroy();
    await Promise.all([new Promise((r) => probe.close(r)), new Promise((r) => stalled.close(r))]);
  });

  const last = () => seen[seen.length - 1]!;

  it('forwards /api/{service}/{path} with its query to the service, with the gateway’s headers only', async () => {
    const response = await fetch(`${gateway.url}/api/organisations/sites/13219?lang=nl`, {
      headers: { 'x-care-audience': 'internal', 'x-care-actor': 'mallory', 'x-care-organisation': '7', 'x-request-id': 'req-123', 'accept-language': 'nl', cookie: 'a=b' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, url: '/sites/13219?lang=nl' });
    expect(response.headers.get('x-request-id')).toBe('req-123');
    const upstream = last().headers;
    expect(upstream['x-care-audience']).toBe('public');
    expect(upstream['x-care-actor']).toBe('anonymous');
    expect(upstream['x-care-organisation']).toBeUndefined();
    expect(upstream['x-request-id']).toBe('req-123');
    expect(upstream['accept-language']).toBe('nl');
    expect(upstream['cookie']).toBeUndefined();
  });

  it('audits a write: actor, route, entity from the answer’s Location, hash of the answer, the service’s row count', async () => {
    const { access_token: token } = (await (await fetch(`${gateway.url}/dev-idp/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account":"editor"}' })).json()) as { access_token: string };
    const write = await fetch(`${gateway.url}/api/organisations/organisations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'edge-audit-1' }, body: '{"a":1}' });
    const answer = await write.text();
    expect(write.status).toBe(200);
    expect(last().body).toBe('{"a":1}');
    const [entry] = await gateway.sql<Record<string, unknown>>(`select * from audit_entry where request_id = 'edge-audit-1'`);
    expect(entry).toMatchObject({ actor: 'demo-editor', actor_kind: 'staff', method: 'POST', route: '/api/organisations/organisations', entity_type: 'organisation', status: 200, row_count: 3, before_hash: null });
    expect(entry!['after_hash']).toBe(createHash('sha256').update(answer).digest('hex'));
  });

  it('audits every authority query and export with the client, what it asked (query string and body), the row count and the time', async () => {
    const bearer = async (id: string, secret: string) => {
      const answer = await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
      return `Bearer ${((await answer.json()) as { access_token: string }).access_token}`;
    };
    const authority = await bearer('demo-authority', 'demo-authority-secret');
    const selection = JSON.stringify({ kind: ['site'], area: { municipality: ['21004'] }, withFreePlaces: true });
    const before = Date.now();
    const exported = await fetch(`${gateway.url}/api/search/authority/export?format=csv`, { method: 'POST', headers: { authorization: authority, 'content-type': 'application/json', 'x-request-id': 'edge-audit-export' }, body: selection });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    expect(last().body).toBe(selection);
    const entry = async (requestId: string) => (await gateway.sql<Record<string, any>>(`select * from audit_entry where request_id = $1`, [requestId]))[0]!;
    const audited = await entry('edge-audit-export');
    expect(audited).toMatchObject({ actor: 'demo-authority', actor_kind: 'client', client: 'demo-authority', method: 'POST', route: '/api/search/authority/export', entity_type: 'authority-export', status: 200, row_count: 3 });
    expect(audited['request']).toEqual({ query: 'format=csv', body: selection, truncated: false });
    expect(audited['at'].getTime()).toBeGreaterThanOrEqual(before - 1_000);

    // An authority client without export:bulk may query, not export; the refusal is audited with what was asked.
    const admin = await fetch(`${gateway.url}/dev-idp/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account":"admin"}' });
    const adminToken = `Bearer ${((await admin.json()) as { access_token: string }).access_token}`;
    const created = await fetch(`${gateway.url}/api/admin/clients`, { method: 'POST', headers: { authorization: adminToken, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'authority-read-only', name: 'Read only', kind: 'authority', scopes: ['authority:read'] }) });
    const readOnly = await bearer('authority-read-only', ((await created.json()) as { secret: string }).secret);
    const refused = await fetch(`${gateway.url}/api/search/authority/export?format=xlsx`, { method: 'POST', headers: { authorization: readOnly, 'content-type': 'application/json', 'x-request-id': 'edge-audit-refused' }, body: selection });
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(await entry('edge-audit-refused')).toMatchObject({ client: 'authority-read-only', status: 403, row_count: null, request: { query: 'format=xlsx', body: null, truncated: false } });
    const queried = await fetch(`${gateway.url}/api/search/authority/query`, { method: 'POST', headers: { authorization: readOnly, 'content-type': 'application/json', 'x-request-id': 'edge-audit-query' }, body: selection });
    expect(queried.status).toBe(200);
    // The entry is written before the answer's last byte (not before its head): read the answer whole.
    await queried.arrayBuffer();
    expect(await entry('edge-audit-query')).toMatchObject({ client: 'authority-read-only', entity_type: 'authority-query', status: 200, row_count: 3, request: { query: null, body: selection, truncated: false } });

    // A body streamed past the limit: refused (413), its start kept, marked as cut.
    const big = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${gateway.url}/api/search/authority/query`, { method: 'POST', headers: { authorization: authority, 'content-type': 'application/json', 'x-request-id': 'edge-audit-big' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      request.on('error', reject);
      // Written in two parts: sent chunked, without a declared length, so the gateway reads it until the limit.
      request.write(`{"area":{"polygon":"${'x'.repeat(40 * 1024)}`);
      request.end(`${'x'.repeat(40 * 1024)}"}}`);
    });
    expect(big).toBe(413);
    await waitFor(async () => (await gateway.sql(`select 1 from audit_entry where request_id = 'edge-audit-big'`)).length === 1, 5_000, 'the audit entry of the refused body');
    const cut = await entry('edge-audit-big');
    expect(cut).toMatchObject({ status: 413, request: { truncated: true } });
    expect(Buffer.byteLength(cut['request'].body)).toBeLessThanOrEqual(64 * 1024);
    expect(cut['request'].body.startsWith('{"area":{"polygon":"xxx')).toBe(true);

    // Admins read it through the audit API.
    const log = (await (await fetch(`${gateway.url}/api/admin/audit?entityType=authority-export&size=10`, { headers: { authorization: adminToken } })).json()) as { items: Array<Record<string, unknown>> };
    expect(log.items.find((e) => e['requestId'] === 'edge-audit-export')).toMatchObject({ client: 'demo-authority', rowCount: 3, request: { query: 'format=csv', body: selection, truncated: false } });
  });

  it('streams large answers through to a registered reuser, and refuses an unknown key before forwarding', async () => {
    const before = seen.length;
    const refused = await fetch(`${gateway.url}/api/publisher/exports/big.bin`, { headers: { 'x-api-key': 'care_key_unknown' } });
    expect(refused.status).toBe(401);
    expect(seen.length).toBe(before);
    const response = await fetch(`${gateway.url}/api/publisher/exports/big.bin`, { headers: { 'x-api-key': 'care_key_demo_reuser' } });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(64 * 64 * 1024);
    expect(last().headers['x-care-actor']).toMatch(/^apikey:/);
    expect(last().headers['x-api-key']).toBeUndefined();
  });

  it('answers 502 when the service cannot be reached and 504 when it does not answer in time, without internal detail', async () => {
    const unreachable = await fetch(`${gateway.url}/api/agrements/authorities`, { headers: { 'accept-language': 'nl' } });
    expect(unreachable.status).toBe(502);
    const body = (await unreachable.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 502, code: 'bad_gateway', message: 'Dienst niet beschikbaar' });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /);
    const slow = await fetch(`${gateway.url}/api/care-providers/professions`);
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ statusCode: 504, code: 'gateway_timeout' });
  });

  it('refuses routes absent from the policy (404) and path tricks (400)', async () => {
    expect((await fetch(`${gateway.url}/api/organisations/health`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/api/unknown/x`)).status).toBe(404);
    expect(await rawStatus(`${gateway.url}/api/organisations/sites/%2e%2e/x`)).toBe(400);
    expect(await rawStatus(`${gateway.url}/api/search/../organisations/geocoding`)).toBe(400);
    expect((await fetch(`${gateway.url}/api/organisations/sites/1%2Fworkflow`)).status).toBe(400);
    expect((await fetch(`${gateway.url}/api/organisations/sites`, { method: 'PATCH' })).status).toBe(405);
  });

  it('asks anonymous callers of restricted routes to authenticate (401) and refuses writes to them', async () => {
    const response = await fetch(`${gateway.url}/api/organisations/sites`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const bad = await fetch(`${gateway.url}/api/organisations/sites`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { code: string }).code).toBe('invalid_token');
  });

  it('sets security headers everywhere, open CORS on public GET routes only', async () => {
    const open = await fetch(`${gateway.url}/api/organisations/sites/1`);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('x-content-type-options')).toBe('nosniff');
    expect(open.headers.get('x-frame-options')).toBe('DENY');
    expect(open.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const preflight = await fetch(`${gateway.url}/api/organisations/sites/1`, { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    const restricted = await fetch(`${gateway.url}/api/organisations/geocoding`);
    expect(restricted.headers.get('access-control-allow-origin')).toBeNull();
    expect(restricted.headers.get('strict-transport-security')).toContain('max-age');
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const big = 'x'.repeat(70 * 1024);
    const declared = await fetch(`${gateway.url}/api/search/search/area`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big }) });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('payload_too_large');
    const token = await fetch(`${gateway.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big }) });
    expect(token.status).toBe(413);
  });

  it('serves the aggregated OpenAPI and its UI, with the gateway’s own routes and security schemes', async () => {
    const ui = await fetch(`${gateway.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    const document = (await (await fetch(`${gateway.url}/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(document.openapi).toBe('3.0.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/oauth/token', '/api/admin/audit', '/.well-known/jwks.json']));
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'clientCredentials', 'staffBearer']);
  });

  it('limits bursts per IP with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`${gateway.url}/api/organisations/taxonomy/tree`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});

/** A request with its path exactly as written (fetch would resolve dot segments first). */
function rawStatus(url: string): Promise<number> {
  const { host, pathname } = new URL(url);
  const path = url.slice(url.indexOf(host) + host.length);
  void pathname;
  return new Promise((resolve, reject) => {
    const [hostname, port] = host.split(':');
    http.get({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', reject);
  });
}
