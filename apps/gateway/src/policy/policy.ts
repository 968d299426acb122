import type { Audience } from '@care/service-kit';
import type { UpstreamService } from '../config/gateway.config.js';
import { tagsOf, type CallerTag, type Principal } from '../identity/principal.js';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/**
 * Who may call a route and which audience the gateway forwards for them. Grants are tried in
 * order; the first whose `who` matches the caller applies.
 */
export interface Grant {
  who: readonly CallerTag[] | 'everyone';
  audience: Audience;
  /**
   * The caller is a representative and the object the route addresses must belong to their
   * organisation (checked by the gateway before forwarding, and again by the service through
   * `x-care-organisation`). A route without an object (a list) is filtered by the service.
   */
  ownOrganisation?: boolean;
}

/** An upstream entity: how the audit names it and where its current representation is read. */
export interface EntityRef {
  type: string;
  /** Path parameter holding the entity id; absent for creations (the id comes from the answer). */
  idParam?: string;
  /** Upstream path of the entity's GET (`/sites/{id}`): the audit hashes it before a write. */
  resource?: string;
  /** Field of that representation naming the owning organisation (object-level rule). */
  ownerField?: string;
}

export interface RouteRule {
  method: Method;
  /** Gateway path with `{param}` segments and an optional final `{*rest}`. */
  path: string;
  grants: readonly Grant[];
  entity?: EntityRef;
  /** Audit this read too (authority queries and exports, issue 13). Writes are always audited. */
  auditReads?: boolean;
  /**
   * Keep what the caller asked in its audit entry: the query string and the request body (up to
   * AUDIT_REQUEST_MAX_BYTES, captured as it streams upstream). For routes whose request says what
   * was disclosed (an authority query's selection), not for routes carrying personal data.
   */
  auditRequest?: boolean;
  summary?: string;
}

export interface CompiledRule extends RouteRule {
  service: UpstreamService | null;
  /** Upstream path template (`/sites/{id}`) for proxied routes. */
  upstreamPath: string | null;
  regex: RegExp;
  params: string[];
  /** Everyone may call it: answered with open CORS for GET. */
  isPublic: boolean;
}

export interface RouteMatch {
  rule: CompiledRule;
  params: Record<string, string>;
}

export type Decision =
  | { allowed: true; grant: Grant }
  | { allowed: false; status: 401 | 403 };

/** Compiles the table once; `match` finds the first rule for a method and path. */
export class Policy {
  private readonly byMethod = new Map<string, CompiledRule[]>();
  readonly rules: readonly CompiledRule[];

  constructor(rules: readonly RouteRule[], services: readonly UpstreamService[]) {
    this.rules = rules.map((rule) => compile(rule, services));
    for (const rule of this.rules) {
      const list = this.byMethod.get(rule.method) ?? [];
      list.push(rule);
      this.byMethod.set(rule.method, list);
    }
  }

  match(method: string, path: string): RouteMatch | null {
    const rules = this.byMethod.get(method === 'HEAD' ? 'GET' : method);
    if (!rules) return null;
    for (const rule of rules) {
      const found = rule.regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      rule.params.forEach((name, i) => (params[name] = decodeSafe(found[i + 1]!)));
      return { rule, params };
    }
    return null;
  }

  /** Is `path` known at all (any method)? Distinguishes 405 from 404 for the caller. */
  knowsPath(path: string): boolean {
    return this.rules.some((rule) => rule.regex.test(path));
  }

  static decide(rule: RouteRule, principal: Principal): Decision {
    const tags = tagsOf(principal);
    for (const grant of rule.grants) {
      if (grant.who === 'everyone' || grant.who.some((tag) => tags.has(tag))) return { allowed: true, grant };
    }
    return { allowed: false, status: principal.kind === 'anonymous' ? 401 : 403 };
  }
}

function compile(rule: RouteRule, services: readonly UpstreamService[]): CompiledRule {
  const params: string[] = [];
  const source = rule.path
    .split('/')
    .map((segment) => {
      const rest = /^\{\*(\w+)\}$/.exec(segment);
      if (rest) {
        params.push(rest[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        params.push(param[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const api = /^\/api\/([\w-]+)(\/.*)?$/.exec(rule.path);
  const service = api && (services as readonly string[]).includes(api[1]!) ? (api[1] as UpstreamService) : null;
  return {
    ...rule,
    service,
    upstreamPath: service ? (api![2] ?? '/') : null,
    regex: new RegExp(`^${source}/?$`),
    params,
    isPublic: rule.grants.some((g) => g.who === 'everyone'),
  };
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Fills `{param}` of a template with the matched values (URL-encoded). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{\*?(\w+)\}/g, (_, name: string) => (params[name] ?? '').split('/').map(encodeURIComponent).join('/'));
}
