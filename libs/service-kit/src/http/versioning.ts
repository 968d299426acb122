import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { VersionRequiredError } from '@care/kernel';

/** Strong ETag of a versioned record. */
export const etagOf = (version: number) => `"${version}"`;

export function setEtag(res: Response, version: number): void {
  res.setHeader('etag', etagOf(version));
}

/**
 * The version named by `If-Match` (`"3"` or `W/"3"`): required on every write to an existing
 * record, so a stale edit is refused (412) instead of silently overwriting someone else's.
 */
export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const header = context.switchToHttp().getRequest<Request>().headers['if-match'];
  const match = typeof header === 'string' ? /^(?:W\/)?"(\d+)"$/.exec(header.trim()) : null;
  if (!match) throw new VersionRequiredError();
  return Number(match[1]);
});

/**
 * Who makes the change, for provenance and audit. Until the gateway's identity lands (issue 11)
 * it is the `x-care-actor` header the gateway will set from the verified token.
 */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<Request>().headers['x-care-actor'];
  return typeof header === 'string' && /^[\w.@:-]{1,100}$/.test(header) ? header : 'anonymous';
});
