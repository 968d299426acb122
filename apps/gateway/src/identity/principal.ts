/** Staff roles, from the staff identity provider's token. */
export const STAFF_ROLES = ['editor', 'validator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Scopes a machine client may be granted (client-credentials grant). */
export const CLIENT_SCOPES = ['feed:read', 'authority:read', 'export:bulk', 'webhooks:manage'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

/**
 * The verified caller of one request, as the gateway knows it after identification. Everything
 * the policy, the rate limiter, the audit and the upstream headers need is here.
 */
export type Principal =
  | { kind: 'anonymous'; actor: 'anonymous' }
  | { kind: 'api-key'; actor: string; apiKeyId: string; rateLimitPerMinute: number | null }
  | { kind: 'staff'; actor: string; roles: StaffRole[] }
  | { kind: 'representative'; actor: string; organisationId: number }
  | { kind: 'client'; actor: string; clientId: string; clientKind: 'authority' | 'integrator'; scopes: ClientScope[]; rateLimitPerMinute: number | null };

export const ANONYMOUS: Principal = { kind: 'anonymous', actor: 'anonymous' };

/**
 * The names a policy grant can match: the principal's kind, its roles (hierarchical: an admin is
 * also a validator and an editor; a validator also an editor) and its scopes (`scope:feed:read`).
 */
export type CallerTag = 'anonymous' | 'api-key' | 'representative' | 'client' | 'staff' | StaffRole | `scope:${ClientScope}`;

export function tagsOf(principal: Principal): ReadonlySet<CallerTag> {
  switch (principal.kind) {
    case 'anonymous':
      return new Set(['anonymous']);
    case 'api-key':
      return new Set(['api-key']);
    case 'representative':
      return new Set(['representative']);
    case 'client':
      return new Set<CallerTag>(['client', ...principal.scopes.map((s) => `scope:${s}` as const)]);
    case 'staff': {
      const tags = new Set<CallerTag>(['staff', ...principal.roles]);
      if (tags.has('admin')) tags.add('validator');
      if (tags.has('validator')) tags.add('editor');
      return tags;
    }
  }
}

/** Who is charged for the request in the rate limiter and the usage counters. */
export function clientOf(principal: Principal): string | null {
  if (principal.kind === 'api-key') return `apikey:${principal.apiKeyId}`;
  if (principal.kind === 'client') return principal.clientId;
  return null;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the gateway's edge for every request. */
    principal?: Principal;
  }
}
