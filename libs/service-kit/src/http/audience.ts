import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError } from '@care/kernel';

/**
 * Who the answer is for. Services are reached only through the gateway, which sets
 * `x-care-audience` from the caller's verified identity (issue 11); anything else — no header, an
 * unknown value — is the public audience. Deny by default: restricted fields need a known audience.
 */
export type Audience = 'public' | 'authority' | 'internal';

export function audienceOf(header: string | string[] | undefined): Audience {
  return header === 'authority' || header === 'internal' ? header : 'public';
}

export const CallerAudience = createParamDecorator((_data: unknown, context: ExecutionContext): Audience => audienceOf(context.switchToHttp().getRequest<Request>().headers['x-care-audience']));

/** Refuses a caller whose audience is not among `allowed` (restricted data: crisis management, staff). */
export function requireAudience(audience: Audience, allowed: readonly Audience[]): void {
  if (!allowed.includes(audience)) {
    throw new ForbiddenError('audience.restricted', { fr: 'Ces données sont réservées aux autorités et au personnel', nl: 'Deze gegevens zijn voorbehouden aan de overheden en het personeel' });
  }
}

/**
 * The organisation a representative caller is linked to (`x-care-organisation`, set by the
 * gateway from the representative's account), or null for staff and machine clients.
 */
export const CallerOrganisation = createParamDecorator((_data: unknown, context: ExecutionContext): number | null => {
  const header = context.switchToHttp().getRequest<Request>().headers['x-care-organisation'];
  return typeof header === 'string' && /^[1-9]\d{0,9}$/.test(header) ? Number(header) : null;
});
