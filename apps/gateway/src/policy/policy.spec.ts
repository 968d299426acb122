import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { AdminController } from '../admin/admin.controller.js';
import { UPSTREAM_SERVICES } from '../config/gateway.config.js';
import { DevIdentityController } from '../identity/dev-identity.js';
import { OAuthController } from '../identity/oauth.controller.js';
import { DocsController } from '../openapi/docs.controller.js';
import { PortalAssetsController, PortalController } from '../portal/portal.controller.js';
import type { Principal } from '../identity/principal.js';
import { Policy } from './policy.js';
import { ROUTES } from './routes.policy.js';

const policy = new Policy(ROUTES, UPSTREAM_SERVICES);
const anonymous: Principal = { kind: 'anonymous', actor: 'anonymous' };
const apiKey: Principal = { kind: 'api-key', actor: 'apikey:1', apiKeyId: '1', rateLimitPerMinute: null };
const editor: Principal = { kind: 'staff', actor: 'e', roles: ['editor'] };
const admin: Principal = { kind: 'staff', actor: 'a', roles: ['admin'] };
const representative: Principal = { kind: 'representative', actor: 'r', organisationId: 7 };
const authority: Principal = { kind: 'client', actor: 'c', clientId: 'c', clientKind: 'authority', scopes: ['authority:read'], rateLimitPerMinute: null };

const decide = (method: string, path: string, principal: Principal) => {
  const match = policy.match(method, path);
  if (!match) return 'no route';
  const decision = Policy.decide(match.rule, principal);
  return decision.allowed ? decision.grant.audience : decision.status;
};

describe('route policy', () => {
  it('finds the first matching rule, literal segments before parameters', () => {
    expect(policy.match('POST', '/api/organisations/sites/12/workflow/submit')?.rule.path).toBe('/api/organisations/sites/{id}/workflow/submit');
    expect(policy.match('POST', '/api/organisations/sites/12/workflow/publish')?.params).toEqual({ id: '12', step: 'publish' });
    expect(policy.match('HEAD', '/api/search/search')?.rule.method).toBe('GET');
    expect(policy.match('GET', '/api/organisations/health')).toBeNull();
    expect(policy.match('GET', '/api/nowhere/x')).toBeNull();
  });

  it('forwards the audience of the caller’s first matching grant; refuses with 401 anonymous callers, 403 the others', () => {
    expect(decide('GET', '/api/care-providers/providers/12345678', anonymous)).toBe('public');
    expect(decide('GET', '/api/care-providers/providers/12345678', authority)).toBe('authority');
    expect(decide('GET', '/api/care-providers/providers/12345678', editor)).toBe('internal');
    expect(decide('POST', '/api/organisations/sites', anonymous)).toBe(401);
    expect(decide('POST', '/api/organisations/sites', apiKey)).toBe(403);
    expect(decide('POST', '/api/organisations/sites/1/workflow/validate', editor)).toBe(403);
    expect(decide('POST', '/api/organisations/sites/1/workflow/validate', admin)).toBe('internal');
    expect(decide('GET', '/api/admin/audit', editor)).toBe(403);
    expect(decide('GET', '/api/organisations/sites/1', representative)).toBe('internal');
    expect(decide('PUT', '/api/organisations/sites/1', representative)).toBe(403);
  });

  it('keeps crisis management to authority clients and staff: exports need export:bulk, and what was asked is kept in the audit', () => {
    const exporter: Principal = { ...authority, scopes: ['authority:read', 'export:bulk'] };
    for (const principal of [anonymous, apiKey, representative]) {
      expect(decide('POST', '/api/search/authority/query', principal)).toBe(principal === anonymous ? 401 : 403);
      expect(decide('POST', '/api/search/authority/export', principal)).toBe(principal === anonymous ? 401 : 403);
    }
    expect(decide('POST', '/api/search/authority/query', authority)).toBe('authority');
    expect(decide('POST', '/api/search/authority/export', authority)).toBe(403);
    expect(decide('POST', '/api/search/authority/export', exporter)).toBe('authority');
    expect(decide('POST', '/api/search/authority/export', editor)).toBe('internal');
    const asked = policy.rules.filter((r) => r.path.startsWith('/api/search/authority') && r.method === 'POST' && !r.path.endsWith('/run'));
    expect(asked.map((r) => [r.path, r.auditRequest])).toEqual(asked.map((r) => [r.path, true]));
  });

  it('never opens a write to anonymous callers or API keys, nor an internal audience to them', () => {
    for (const rule of policy.rules) {
      const write = rule.method !== 'GET';
      const gateway = !rule.service;
      for (const principal of [anonymous, apiKey]) {
        const decision = Policy.decide(rule, principal);
        if (!decision.allowed) continue;
        expect([rule.path, decision.grant.audience]).toEqual([rule.path, 'public']);
        if (write && !gateway && rule.path !== '/api/search/search/area') throw new Error(`${rule.method} ${rule.path} is open to ${principal.kind}`);
      }
    }
  });

  it('gives representatives their organisation’s objects only, and audits every write with an entity where it has one', () => {
    const representativeGrants = policy.rules.flatMap((r) => r.grants.filter((g) => g.who !== 'everyone' && g.who.includes('representative')).map((g) => ({ rule: r, g })));
    expect(representativeGrants.length).toBeGreaterThan(0);
    for (const { g } of representativeGrants) expect(g.ownOrganisation).toBe(true);
    const proxiedWrites = policy.rules.filter((r) => r.service && r.method !== 'GET' && r.path !== '/api/search/search/area');
    expect(proxiedWrites.filter((r) => !r.entity).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('has a line for every route of the gateway’s own controllers (a route without one answers 404 to everyone)', () => {
    const controllers = [AdminController, DevIdentityController, OAuthController, DocsController, PortalController, PortalAssetsController];
    const unlisted: string[] = [];
    let routes = 0;
    for (const controller of controllers) {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as unknown as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        for (const path of paths) {
          routes++;
          // A concrete request for the route: parameters and wildcards filled in.
          const sample = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\*\w+/g, 'x').replace(/:\w+/g, '1');
          if (!policy.match(method, sample === '/' ? '/' : sample.replace(/\/$/, ''))) unlisted.push(`${method} ${sample}`);
        }
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(unlisted).toEqual([]);
  });
});
