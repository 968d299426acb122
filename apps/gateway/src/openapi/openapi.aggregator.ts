import { Inject, Injectable, Logger } from '@nestjs/common';
import { errorBodySchema, openApiSchema } from '@care/service-kit';
import { GATEWAY_CONFIG } from '../config/gateway-config.token.js';
import { UPSTREAM_SERVICES, type GatewayConfig, type UpstreamService } from '../config/gateway.config.js';
import { METHODS, Policy, type CompiledRule, type Grant } from '../policy/policy.js';

// OpenAPI documents are handled as plain JSON here.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const OWN_DOCUMENT = Symbol('OWN_DOCUMENT');
const REFRESH_MS = 60_000;

const ERROR = { $ref: '#/components/schemas/ErrorBody' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });

/**
 * The aggregated OpenAPI document of the platform (`/docs-json`): each service's own document
 * (from its `/docs-json`) under `/api/{service}`, plus the gateway's routes, restricted to what the
 * policy lets someone call, with the security each operation accepts and the error answers the
 * gateway adds (401, 403, 413, 429, 502, 504 and the platform error format as default). The fuzz
 * and matrix tests are generated from it.
 */
@Injectable()
export class OpenApiAggregator {
  private readonly logger = new Logger('OpenApiAggregator');
  private readonly upstream = new Map<UpstreamService, { document: Json; at: number }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly policy: Policy,
    @Inject(OWN_DOCUMENT) private readonly own: { document: Json | null },
  ) {}

  async document(): Promise<Json> {
    await Promise.all(UPSTREAM_SERVICES.map((service) => this.refresh(service)));
    const paths: Json = {};
    const schemas: Json = { ErrorBody: openApiSchema(errorBodySchema) };
    const tags: Json[] = [];
    for (const service of UPSTREAM_SERVICES) {
      const document = this.upstream.get(service)?.document;
      if (!document) continue;
      tags.push({ name: service, description: document['info']?.['description'] ?? service });
      const prefix = schemaPrefix(service);
      for (const [name, schema] of Object.entries<Json>(document['components']?.['schemas'] ?? {})) schemas[`${prefix}${name}`] = rewriteRefs(schema, prefix);
      for (const [path, item] of Object.entries<Json>(document['paths'] ?? {})) {
        this.addOperations(paths, `/api/${service}${path === '/' ? '' : path}`, rewriteRefs(item, prefix), service);
      }
    }
    const own = this.own.document;
    if (own) {
      for (const [name, schema] of Object.entries<Json>(own['components']?.['schemas'] ?? {})) schemas[name] ??= schema;
      for (const [path, item] of Object.entries<Json>(own['paths'] ?? {})) this.addOperations(paths, path, item, 'gateway');
    }
    return {
      openapi: '3.0.0',
      info: {
        title: 'Social Brussels CARE — gateway: the API of every service',
        version: '1',
        description: 'Every public route of the platform, through the gateway. Routes under /api/{service} are forwarded to that service; authorisation per route is in x-care-policy.',
      },
      servers: [{ url: this.config.GATEWAY_PUBLIC_URL }],
      tags: [{ name: 'gateway' }, ...tags],
      paths,
      components: {
        schemas,
        securitySchemes: {
          staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff and organisation representatives: access token of the OIDC identity provider (RS256/ES256)' },
          clientCredentials: {
            type: 'oauth2',
            description: 'Machine clients (FIDUS, authorities): client-credentials grant, short-lived tokens signed by the gateway',
            flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { 'feed:read': 'Read the authentic-source feed', 'authority:read': 'Authority view of the data', 'export:bulk': 'Bulk exports', 'webhooks:manage': 'Manage webhook subscriptions' } } },
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Registered reusers' },
        },
      },
    };
  }

  private addOperations(paths: Json, path: string, item: Json, tag: string): void {
    for (const method of METHODS) {
      const operation = item[method.toLowerCase()] as Json | undefined;
      if (!operation) continue;
      const match = this.policy.match(method, path);
      if (!match || match.rule.grants.length === 0) continue;
      const rule = match.rule;
      const parameters = (operation['parameters'] as Json[] | undefined)?.filter((p) => !(p['in'] === 'header' && String(p['name']).toLowerCase().startsWith('x-care-')));
      const responses: Json = { ...(operation['responses'] ?? {}) };
      if (!rule.isPublic) {
        responses['401'] ??= errorResponse('No or invalid credentials');
        responses['403'] ??= errorResponse('The caller may not use this route, or not on this object');
      }
      if (operation['requestBody']) responses['413'] ??= errorResponse('Body larger than the limit');
      responses['429'] ??= errorResponse('Rate limit reached (see Retry-After)');
      responses['502'] ??= errorResponse('The service behind the gateway could not be reached');
      responses['504'] ??= errorResponse('The service behind the gateway did not answer in time');
      responses['default'] ??= errorResponse('Error, in the platform error format (FR/NL messages)');
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = {
        ...operation,
        operationId: `${tag}.${operation['operationId'] ?? `${method} ${path}`}`,
        tags: [tag],
        ...(parameters ? { parameters } : {}),
        responses,
        security: securityOf(rule.grants),
        'x-care-policy': policyOf(rule),
      };
    }
  }

  private async refresh(service: UpstreamService): Promise<void> {
    const cached = this.upstream.get(service);
    if (cached && Date.now() - cached.at < REFRESH_MS) return;
    try {
      const response = await fetch(`${this.config.upstreams[service]}/docs-json`, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`status ${response.status}`);
      this.upstream.set(service, { document: (await response.json()) as Json, at: Date.now() });
    } catch (error) {
      // Keep the last good document; without one the service's routes are missing until it answers.
      this.logger.warn({ err: error, service }, 'upstream OpenAPI document unavailable');
    }
  }
}

const schemaPrefix = (service: string) => `${service.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}_`;

function rewriteRefs<T>(value: T, prefix: string): T {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    out[key] = key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `#/components/schemas/${prefix}${v.slice(21)}` : rewriteRefs(v, prefix);
  }
  return out as T;
}

function securityOf(grants: readonly Grant[]): Json[] {
  const security: Json[] = [];
  const tags = new Set<string>(grants.flatMap((g): readonly string[] => (g.who === 'everyone' ? ['everyone'] : g.who)));
  if (tags.has('everyone')) security.push({});
  if (['editor', 'validator', 'admin', 'staff', 'representative'].some((t) => tags.has(t))) security.push({ staffBearer: [] });
  const scopes = [...tags].filter((t) => t.startsWith('scope:')).map((t) => t.slice(6));
  if (scopes.length || tags.has('client')) security.push({ clientCredentials: scopes });
  if (tags.has('api-key')) security.push({ apiKey: [] });
  return security;
}

function policyOf(rule: CompiledRule): Json[] {
  return rule.grants.map((g) => ({ who: g.who, audience: g.audience, ...(g.ownOrganisation ? { ownOrganisation: true } : {}) }));
}
