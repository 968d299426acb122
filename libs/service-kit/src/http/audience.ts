import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

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
