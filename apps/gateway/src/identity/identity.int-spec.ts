import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { startGatewayService, type GatewayUnderTest } from '../testing/gateway-service.js';

/**
 * Identification end to end against a real gateway: an external OIDC provider (its JWKS served
 * here, RS256 and ES256 keys), the client-credentials grant, API keys, representatives' links;
 * what reaches the service behind is read from a probe upstream.
 */
describe('gateway identity', () => {
  let gateway: GatewayUnderTest;
  let idp: http.Server;
  let probe: http.Server;
  let issuer: string;
  const seen: http.IncomingHttpHeaders[] = [];
  const keys = {} as Record<'RS256' | 'ES256', { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK }>;

  beforeAll(async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const pair = await generateKeyPair(alg, { extractable: true });
      keys[alg] = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: `k-${alg}`, alg } };
    }
    idp = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [keys.RS256.jwk, keys.ES256.jwk] })));
    probe = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await Promise.all([new Promise<void>((r) => idp.listen(0, '127.0.0.1', r)), new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))]);
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/realms/care`;
    const probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    gateway = await startGatewayService('gateway_identity', {
      ORGANISATIONS_URL: probeUrl,
      CARE_PROVIDERS_URL: probeUrl,
      AGREMENTS_URL: probeUrl,
      SEARCH_URL: probeUrl,
      PUBLISHER_URL: probeUrl,
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: 'care-api',
      OIDC_JWKS_URL: `${issuer}/certs`,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([new Promise((r) => idp.close(r)), new Promise((r) => probe.close(r))]);
  });

  const staffToken = (alg: 'RS256' | 'ES256', claims: Record<string, unknown> = {}, options: { audience?: string; issuer?: string; expires?: string; sub?: string } = {}) =>
    new SignJWT({ realm_access: { roles: ['editor'] }, ...claims })
      .setProtectedHeader({ alg, kid: `k-${alg}` })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? 'care-api')
      .setSubject(options.sub ?? 'anna.editor')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(keys[alg].privateKey);
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) => fetch(`${gateway.url}${path}`, { method, headers, body });
  const last = () => seen[seen.length - 1]!;

  it.each(['RS256', 'ES256'] as const)('accepts a staff token of the OIDC provider signed with %s and forwards who and which audience', async (alg) => {
    const response = await call('GET', '/api/organisations/geocoding', { authorization: `Bearer ${await staffToken(alg)}` });
    expect(response.status).toBe(200);
    expect(last()).toMatchObject({ 'x-care-audience': 'internal', 'x-care-actor': 'anna.editor', 'x-care-roles': 'editor' });
    expect(last()['authorization']).toBeUndefined();
  });

  it('refuses tokens of another audience or issuer, expired, tampered or unsigned, with 401', async () => {
    const good = await staffToken('ES256');
    const [h, p] = good.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), realm_access: { roles: ['admin'] } })).toString('base64url')}.${good.split('.')[2]}`;
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const tokens = [await staffToken('RS256', {}, { audience: 'other' }), await staffToken('RS256', {}, { issuer: 'https://evil.example' }), await staffToken('ES256', {}, { expires: '1s ago' }), tampered, unsigned];
    for (const token of tokens) {
      const response = await call('GET', '/api/organisations/geocoding', { authorization: `Bearer ${token}` });
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([401, 'invalid_token']);
    }
  });

  it('gives a token without staff roles no back-office access (403)', async () => {
    const response = await call('GET', '/api/organisations/geocoding', { authorization: `Bearer ${await staffToken('RS256', { realm_access: { roles: ['offline_access'] } })}` });
    expect(response.status).toBe(403);
  });

  it('lets a representative act only once its account is linked to an organisation', async () => {
    const token = await staffToken('ES256', { realm_access: { roles: ['representative'] } }, { sub: 'rep.kim' });
    const before = await call('GET', '/api/organisations/sites', { authorization: `Bearer ${token}` });
    expect([before.status, ((await before.json()) as { code: string }).code]).toEqual([403, 'representative.not_linked']);
    const admin = { authorization: `Bearer ${await staffToken('RS256', { realm_access: { roles: ['admin'] } }, { sub: 'root.admin' })}`, 'content-type': 'application/json' };
    expect((await call('POST', '/api/admin/representatives', admin, JSON.stringify({ id: 'rep.kim', organisationId: 42, name: 'Kim' }))).status).toBe(201);
    expect((await call('GET', '/api/organisations/sites', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(last()).toMatchObject({ 'x-care-audience': 'internal', 'x-care-actor': 'rep.kim', 'x-care-organisation': '42' });
    expect((await call('GET', '/api/organisations/geocoding', { authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it('issues short-lived client-credentials tokens, verifiable with the gateway’s JWKS, stores secrets hashed, and stops a deactivated client', async () => {
    const admin = { authorization: `Bearer ${await staffToken('RS256', { realm_access: { roles: ['admin'] } }, { sub: 'root.admin' })}`, 'content-type': 'application/json' };
    const created = (await (await call('POST', '/api/admin/clients', admin, JSON.stringify({ id: 'crisis-cell', name: 'Crisis cell', kind: 'authority', scopes: ['authority:read', 'export:bulk'] }))).json()) as { secret: string };
    const [row] = await gateway.sql<{ secret_hash: string }>(`select secret_hash from oauth_client where id = 'crisis-cell'`);
    expect(row!.secret_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row!.secret_hash).not.toContain(created.secret);

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const basic = `Basic ${Buffer.from(`crisis-cell:${created.secret}`).toString('base64')}`;
    const wrong = await call('POST', '/oauth/token', { ...form, authorization: `Basic ${Buffer.from('crisis-cell:nope').toString('base64')}` }, 'grant_type=client_credentials');
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
    expect(((await (await call('POST', '/oauth/token', { ...form, authorization: basic }, 'grant_type=password')).json()) as { error: string }).error).toBe('unsupported_grant_type');
    expect(((await (await call('POST', '/oauth/token', { ...form, authorization: basic }, 'grant_type=client_credentials&scope=feed:read')).json()) as { error: string }).error).toBe('invalid_scope');
    const issued = await call('POST', '/oauth/token', form, `grant_type=client_credentials&client_id=crisis-cell&client_secret=${encodeURIComponent(created.secret)}&scope=authority:read`);
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const token = (await issued.json()) as { access_token: string; expires_in: number; scope: string; token_type: string };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'authority:read' });
    const { payload } = await jwtVerify(token.access_token, createRemoteJWKSet(new URL(`${gateway.url}/.well-known/jwks.json`)), { audience: 'care-api' });
    expect(payload).toMatchObject({ sub: 'crisis-cell', scope: 'authority:read' });
    expect(payload.exp! - payload.iat!).toBe(300);

    expect((await call('GET', '/api/care-providers/providers/12345678', { authorization: `Bearer ${token.access_token}` })).status).toBe(200);
    expect(last()).toMatchObject({ 'x-care-audience': 'authority', 'x-care-actor': 'crisis-cell', 'x-care-client': 'crisis-cell' });
    // Scope authority:read only: the bulk export route needs more.
    expect((await call('GET', '/api/publisher/feed', { authorization: `Bearer ${token.access_token}` })).status).toBe(200);
    expect((await call('DELETE', '/api/admin/clients/crisis-cell', admin)).status).toBe(204);
    expect((await call('GET', '/api/care-providers/providers/12345678', { authorization: `Bearer ${token.access_token}` })).status).toBe(401);
  });

  it('rotates a client’s secret: the new one works at once, the old one until its overlap ends (or never, with no overlap)', async () => {
    const admin = { authorization: `Bearer ${await staffToken('RS256', { realm_access: { roles: ['admin'] } }, { sub: 'root.admin' })}`, 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const token = async (secret: string) => (await call('POST', '/oauth/token', form, `grant_type=client_credentials&client_id=fidus-test&client_secret=${encodeURIComponent(secret)}`)).status;
    const created = (await (await call('POST', '/api/admin/clients', admin, JSON.stringify({ id: 'fidus-test', name: 'FIDUS (test)', kind: 'integrator', scopes: ['feed:read'] }))).json()) as { secret: string };

    const rotated = await call('POST', '/api/admin/clients/fidus-test/secrets', admin, JSON.stringify({ overlapHours: 48 }));
    expect(rotated.status).toBe(201);
    const second = (await rotated.json()) as { secret: string; previousSecretExpiresAt: string };
    expect(Date.parse(second.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(47 * 3_600_000);
    expect([await token(second.secret), await token(created.secret), await token('care_secret_wrong')]).toEqual([200, 200, 401]);

    // The overlap ends: only the new secret works.
    await gateway.sql(`update oauth_client set previous_secret_expires_at = now() - interval '1 second' where id = 'fidus-test'`);
    expect([await token(second.secret), await token(created.secret)]).toEqual([200, 401]);

    // Rotated again without overlap (a leaked secret): the previous one stops at once.
    const third = (await (await call('POST', '/api/admin/clients/fidus-test/secrets', admin, JSON.stringify({ overlapHours: 0 }))).json()) as { secret: string; previousSecretExpiresAt: string | null };
    expect(third.previousSecretExpiresAt).toBeNull();
    expect([await token(third.secret), await token(second.secret)]).toEqual([200, 401]);
    const [row] = await gateway.sql<{ secret_hash: string; previous_secret_hash: string | null }>(`select secret_hash, previous_secret_hash from oauth_client where id = 'fidus-test'`);
    expect(row).toMatchObject({ previous_secret_hash: null });
    expect(row!.secret_hash).not.toContain(third.secret);
    expect((await call('POST', '/api/admin/clients/nobody/secrets', admin, '{}')).status).toBe(404);
    // Authority scopes for authority clients only, and bulk exports with the right to read.
    for (const [kind, scopes] of [['integrator', ['feed:read', 'authority:read']], ['authority', ['export:bulk']]] as const) {
      const refused = await call('POST', '/api/admin/clients', admin, JSON.stringify({ id: `refused-${kind}`, name: 'x', kind, scopes }));
      expect([refused.status, ((await refused.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)]).toEqual([400, ['scopes']]);
    }
    expect((await call('POST', '/api/admin/clients/fidus-test/secrets', admin, JSON.stringify({ overlapHours: 10_000 }))).status).toBe(400);
  });

  it('identifies reusers by API key (stored as a hash), until the key is revoked', async () => {
    const admin = { authorization: `Bearer ${await staffToken('RS256', { realm_access: { roles: ['admin'] } }, { sub: 'root.admin' })}`, 'content-type': 'application/json' };
    const created = (await (await call('POST', '/api/admin/api-keys', admin, JSON.stringify({ name: 'Open data portal', contact: 'data@example.be' }))).json()) as { id: string; key: string; prefix: string };
    expect(created.key).toMatch(/^care_key_/);
    const [row] = await gateway.sql<{ key_hash: string }>('select key_hash from api_key where id = $1', [created.id]);
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.key_hash).not.toContain(created.key);
    expect((await call('GET', '/api/publisher/feed', { 'x-api-key': created.key })).status).toBe(200);
    expect(last()).toMatchObject({ 'x-care-audience': 'public', 'x-care-actor': `apikey:${created.id}`, 'x-care-client': `apikey:${created.id}` });
    expect((await call('DELETE', `/api/admin/api-keys/${created.id}`, admin)).status).toBe(204);
    expect((await call('GET', '/api/publisher/feed', { 'x-api-key': created.key })).status).toBe(401);
    expect((await call('GET', '/api/publisher/feed')).status).toBe(401);
    const audit = (await (await call('GET', '/api/admin/audit?entityType=api-key', admin)).json()) as { items: { method: string; entityId: string; actor: string; status: number }[] };
    expect(audit.items.map((e) => [e.method, e.entityId, e.actor, e.status])).toEqual([
      ['DELETE', created.id, 'root.admin', 204],
      ['POST', created.id, 'root.admin', 201],
    ]);
  });
});
