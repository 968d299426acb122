import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError } from '@care/kernel';

/**
 * Headers only the gateway sets (it strips them from every request arriving from the internet,
 * then sets them from the caller's verified identity and the route's policy). Services are
 * reached only through the gateway and trust nothing else.
 */
export const CARE_HEADERS = {
  /** `public` | `authority` | `internal`: which view of the data the caller may receive. */
  audience: 'x-care-audience',
  /** Who acts: staff user id, representative id, machine client id, `apikey:<id>` or `anonymous`. */
  actor: 'x-care-actor',
  /** Staff roles, comma-separated (`editor,validator`). */
  roles: 'x-care-roles',
  /** The machine client or API key behind the call (audit). */
  client: 'x-care-client',
  /** For an organisation representative: the one organisation the account is linked to. */
  organisation: 'x-care-organisation',
} as const;

/**
 * Who the answer is for. Anything else than a known value — no header, an unknown value — is the
 * public audience. Deny by default: restricted fields need a known audience.
 */
export type Audience = 'public' | 'authority' | 'internal';

export function audienceOf(header: string | string[] | undefined): Audience {
  return header === 'authority' || header === 'internal' ? header : 'public';
}

export const CallerAudience = createParamDecorator((_data: unknown, context: ExecutionContext): Audience => audienceOf(context.switchToHttp().getRequest<Request>().headers[CARE_HEADERS.audience]));

/** The organisation a representative acts for (`x-care-organisation`), or null for everyone else. */
export function organisationOf(header: string | string[] | undefined): number | null {
  return typeof header === 'string' && /^[1-9]\d{0,9}$/.test(header) ? Number(header) : null;
}

export const CallerOrganisation = createParamDecorator((_data: unknown, context: ExecutionContext): number | null => organisationOf(context.switchToHttp().getRequest<Request>().headers[CARE_HEADERS.organisation]));

/** Refuses a caller whose audience is not among `allowed` (restricted data: crisis management, staff). */
export function requireAudience(audience: Audience, allowed: readonly Audience[]): void {
  if (!allowed.includes(audience)) {
    throw new ForbiddenError('audience.restricted', { fr: 'Ces données sont réservées aux autorités et au personnel', nl: 'Deze gegevens zijn voorbehouden aan de overheden en het personeel' });
  }
}
