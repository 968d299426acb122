import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError, RequestContext } from '@care/kernel';
import { CARE_HEADERS, sendError } from '@care/service-kit';
import { AUDIT_REQUEST_MAX_BYTES, AuditLog, type AuditRecord } from '../audit/audit.log.js';
import { GATEWAY_CONFIG } from '../config/gateway-config.token.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { IdentityService } from '../identity/identity.service.js';
import { clientOf, type Principal } from '../identity/principal.js';
import { fillPath, Policy, type Grant, type RouteMatch } from '../policy/policy.js';
import type { AuditedRequest } from '../persistence/entities/gateway.entities.js';
import { BodyCapture, hashOf, UpstreamProxy, type ForwardResult } from '../proxy/upstream.proxy.js';
import { ApiKeyUsage } from '../usage/api-key-usage.js';
import { answerPreflight, setPublicCors, setSecurityHeaders } from './http-headers.js';
import { RateLimiter, type BucketLimit } from './rate-limiter.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Encoded slashes or backslashes, dot segments, empty segments: refused, so the path the policy judges is the path the service routes. */
const UNSAFE_PATH = /%2f|%5c|\\|\/\.{1,2}(\/|$)|\/%2e|\/\/|%00/i;

/**
 * The gateway's edge, in front of every route (its own and the proxied ones), in this order:
 * security headers; the `x-care-*` headers of the caller removed; the route found in the policy
 * (none: 404 for everyone); the caller identified (passport); the rate limit of its key, client
 * or IP; the policy's decision (401/403); the object-level rule of representatives; then the
 * request is forwarded upstream with the gateway's headers, or handed to the gateway's own
 * controllers. Every write is audited, and the reads the policy names; routes with `auditRequest`
 * keep what was asked (query string, start of the body) in the entry.
 */
@Injectable()
export class EdgeMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Edge');
  private readonly limiter = new RateLimiter();
  private readonly parsers: RequestHandler[];
  private readonly limits: Record<'ip' | 'key' | 'client', BucketLimit>;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly policy: Policy,
    private readonly identity: IdentityService,
    private readonly proxy: UpstreamProxy,
    private readonly usage: ApiKeyUsage,
    private readonly audit: AuditLog,
  ) {
    this.parsers = [express.json({ limit: config.HTTP_BODY_LIMIT }), express.urlencoded({ extended: false, limit: config.HTTP_BODY_LIMIT })];
    this.limits = {
      ip: { perMinute: config.RATE_LIMIT_IP_PER_MINUTE, burst: config.RATE_LIMIT_IP_BURST },
      key: { perMinute: config.RATE_LIMIT_KEY_PER_MINUTE, burst: config.RATE_LIMIT_KEY_BURST },
      client: { perMinute: config.RATE_LIMIT_CLIENT_PER_MINUTE, burst: config.RATE_LIMIT_CLIENT_BURST },
    };
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.handle(req, res, next).catch((error: unknown) => {
      if (!(error instanceof DomainError)) this.logger.error({ err: error }, 'edge failure');
      sendError(req, res, error);
    });
  }

  private async handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    setSecurityHeaders(res);
    res.setHeader('x-request-id', RequestContext.current()?.requestId ?? String(req.headers['x-request-id']));
    for (const name of Object.keys(req.headers)) if (name.startsWith('x-care-')) delete req.headers[name];
    const url = req.originalUrl;
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    if (UNSAFE_PATH.test(path)) return void sendError(req, res, 400);

    if (req.method === 'OPTIONS') {
      if (this.policy.match('GET', path)?.rule.isPublic) return answerPreflight(res);
      return void sendError(req, res, 404);
    }
    const match = this.policy.match(req.method, path);
    if (!match) return void sendError(req, res, this.policy.knowsPath(path) ? 405 : 404);
    const { rule } = match;
    if (rule.isPublic && SAFE_METHODS.has(req.method)) setPublicCors(res);

    let principal: Principal;
    try {
      principal = await this.identity.identify(req, res);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthorized') res.setHeader('www-authenticate', 'Bearer realm="care", error="invalid_token"');
      return void sendError(req, res, error);
    }
    req.principal = principal;

    const limited = this.limiter.take(...this.bucketOf(req, principal));
    if (!limited.allowed) {
      res.setHeader('retry-after', String(limited.retryAfterSeconds));
      return void sendError(req, res, 429);
    }
    if (principal.kind === 'api-key') this.usage.count(principal.apiKeyId);

    const audited = !SAFE_METHODS.has(req.method) || rule.auditReads === true;
    const decision = Policy.decide(rule, principal);
    if (!decision.allowed) {
      if (decision.status === 401) res.setHeader('www-authenticate', 'Bearer realm="care"');
      // Recorded before answering, as every audited call: once the caller has the answer, the entry exists.
      if (audited) await this.record(req, match, principal, { status: decision.status });
      sendError(req, res, decision.status);
      return;
    }
    if (rule.service) return this.forward(req, res, match, principal, decision.grant, audited, queryAt < 0 ? '' : url.slice(queryAt));

    // The gateway's own routes: parse the body, hand over to the controller, and audit when it
    // answers — the answer's end waits for the entry, as for proxied calls.
    if (audited) {
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      res.end = ((...args: unknown[]) => {
        res.end = end as Response['end']; // once: a second end goes straight through
        const entityId = (res.locals['auditEntityId'] as string | undefined) ?? null;
        this.record(req, match, principal, { status: res.statusCode, entityId })
          .catch((error: unknown) => this.logger.error({ err: error }, 'audit record failed'))
          .finally(() => end(...args));
        return res;
      }) as Response['end'];
    }
    const [json, form] = this.parsers as [RequestHandler, RequestHandler];
    const refuse = (error: unknown) => {
      req.resume(); // a body refused unread (413) is dropped, so the client can read the answer
      sendError(req, res, error);
    };
    json(req, res, (error?: unknown) => {
      if (error) return refuse(error);
      form(req, res, (formError?: unknown) => (formError ? refuse(formError) : next()));
    });
  }

  private bucketOf(req: Request, principal: Principal): [string, BucketLimit] {
    if (principal.kind === 'api-key') return [`key:${principal.apiKeyId}`, withOverride(this.limits.key, principal.rateLimitPerMinute)];
    if (principal.kind === 'client') return [`client:${principal.clientId}`, withOverride(this.limits.client, principal.rateLimitPerMinute)];
    return [`ip:${this.clientIp(req)}`, this.limits.ip];
  }

  private clientIp(req: Request): string {
    if (this.config.TRUST_PROXY) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  private careHeaders(req: Request, principal: Principal, grant: Grant): Record<string, string> {
    const context = RequestContext.current();
    const headers: Record<string, string> = {
      [CARE_HEADERS.audience]: grant.audience,
      [CARE_HEADERS.actor]: principal.actor,
      'x-request-id': context?.requestId ?? String(req.headers['x-request-id'] ?? ''),
      'x-correlation-id': context?.correlationId ?? String(req.headers['x-request-id'] ?? ''),
      'x-forwarded-for': this.clientIp(req),
      'x-forwarded-proto': req.protocol,
    };
    const client = clientOf(principal);
    if (client) headers[CARE_HEADERS.client] = client;
    if (principal.kind === 'staff' && principal.roles.length) headers[CARE_HEADERS.roles] = principal.roles.join(',');
    if (principal.kind === 'representative') headers[CARE_HEADERS.organisation] = String(principal.organisationId);
    return headers;
  }

  private async forward(req: Request, res: Response, match: RouteMatch, principal: Principal, grant: Grant, audited: boolean, query: string): Promise<void> {
    const { rule, params } = match;
    const service = rule.service!;
    if (this.proxy.declaredTooLarge(req)) {
      // Answered at once; a moderately large body is read and dropped so the client can read the
      // answer, a huge one has its connection closed.
      if (Number(req.headers['content-length']) > 64 * 1024 * 1024) res.setHeader('connection', 'close');
      else req.resume();
      if (audited) await this.record(req, match, principal, { status: 413 });
      sendError(req, res, 413);
      return;
    }
    const headers = this.careHeaders(req, principal, grant);
    const entity = rule.entity;
    const entityId = entity?.idParam ? (params[entity.idParam] ?? null) : null;
    let beforeHash: string | null = null;

    // The object the route addresses, as the service holds it: hashed for the audit, and, for a
    // representative, checked to belong to their organisation before anything is forwarded.
    const mustOwn = grant.ownOrganisation === true && !!entity?.ownerField && entityId !== null;
    if (entity?.resource && entityId !== null && (audited || mustOwn)) {
      const current = await this.proxy.read(service, fillPath(entity.resource, params), { ...headers, [CARE_HEADERS.audience]: 'internal', 'x-care-organisation': '' });
      if (current.status === 200) {
        beforeHash = hashOf(current.body);
        if (mustOwn && ownerOf(current.body, entity.ownerField!) !== (principal as { organisationId?: number }).organisationId) {
          if (audited) await this.record(req, match, principal, { status: 403, entityId, beforeHash });
          sendError(req, res, 403);
          return;
        }
      }
    }

    const prefix = `/api/${service}`;
    const upstreamPath = `${req.originalUrl.slice(prefix.length, req.originalUrl.length - query.length) || '/'}${query}`;
    const body = audited && rule.auditRequest ? new BodyCapture(AUDIT_REQUEST_MAX_BYTES) : undefined;
    const record = (result: ForwardResult) =>
      this.record(
        req,
        match,
        principal,
        {
          status: result.status,
          entityId: entityId ?? idFromLocation(result.headers['location']),
          beforeHash,
          afterHash: result.status < 300 ? result.bodyHash : null,
          rowCount: rowCountOf(result.headers['x-care-row-count']),
        },
        body,
      );
    const result = await this.proxy.forward(req, res, { service, path: upstreamPath, headers, ...(audited ? { audit: { beforeEnd: record } } : {}), ...(body ? { capture: body } : {}) });
    if (!result && audited) await this.record(req, match, principal, { status: res.statusCode, entityId, beforeHash }, body);
  }

  /** What the caller asked, for routes that keep it: the query string, and the body as far as it was read. */
  private requestOf(req: Request, match: RouteMatch, body: BodyCapture | undefined): AuditedRequest | null {
    if (!match.rule.auditRequest) return null;
    const at = req.originalUrl.indexOf('?');
    return { query: at < 0 ? null : req.originalUrl.slice(at + 1) || null, body: body?.text() ?? null, truncated: body?.truncated ?? false };
  }

  private record(req: Request, match: RouteMatch, principal: Principal, outcome: Partial<AuditRecord> & { status: number }, body?: BodyCapture): Promise<void> {
    const path = req.originalUrl.split('?')[0]!;
    return this.audit.record({
      actor: principal.actor,
      actorKind: principal.kind,
      client: clientOf(principal),
      organisationId: principal.kind === 'representative' ? principal.organisationId : null,
      method: req.method,
      route: match.rule.path,
      path,
      entityType: match.rule.entity?.type ?? null,
      entityId: outcome.entityId ?? (match.rule.entity?.idParam ? (match.params[match.rule.entity.idParam] ?? null) : null),
      status: outcome.status,
      beforeHash: outcome.beforeHash ?? null,
      afterHash: outcome.afterHash ?? null,
      rowCount: outcome.rowCount ?? null,
      requestId: RequestContext.current()?.requestId ?? String(req.headers['x-request-id'] ?? ''),
      request: this.requestOf(req, match, body),
    });
  }
}

function withOverride(limit: BucketLimit, perMinute: number | null): BucketLimit {
  return perMinute ? { perMinute, burst: Math.max(1, Math.min(limit.burst, perMinute)) } : limit;
}

function ownerOf(body: Buffer, field: string): unknown {
  try {
    return (JSON.parse(body.toString('utf8')) as Record<string, unknown>)[field];
  } catch {
    return undefined;
  }
}

function idFromLocation(location: string | string[] | undefined): string | null {
  const value = Array.isArray(location) ? location[0] : location;
  return value ? (value.split('?')[0]!.split('/').filter(Boolean).pop() ?? null) : null;
}

function rowCountOf(header: string | string[] | undefined): number | null {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isInteger(value) && value >= 0 ? value : null;
}
