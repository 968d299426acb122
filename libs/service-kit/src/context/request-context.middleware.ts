import type { NextFunction, Request, Response } from 'express';
import { negotiateLanguage } from '@care/kernel';
import { RequestContext, requestIdFrom } from '@care/kernel';

/**
 * First middleware of every service: fixes the request id (kept from `x-request-id` when safe, so
 * the gateway's id follows the request), the correlation id and the caller's language, and runs
 * the rest of the request inside that async context.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  req.headers['x-request-id'] = requestId; // read back by the logger's genReqId
  const correlationId = requestIdFrom(req.headers['x-correlation-id'] ?? requestId);
  const lang = typeof req.query?.['lang'] === 'string' ? req.query['lang'] : req.headers['accept-language'];
  const language = negotiateLanguage(lang);
  res.setHeader('content-language', language);
  RequestContext.run({ requestId, correlationId, language }, next);
}
