import type { Response } from 'express';

/**
 * Security headers on every answer (what helmet sets by default, written out: the gateway is the
 * only public edge, so this is the one place they are decided).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-site',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const SECURITY_HEADER_MAP = new Map(Object.entries(SECURITY_HEADERS));

export function setSecurityHeaders(res: Response): void {
  res.setHeaders(SECURITY_HEADER_MAP);
}

/** Public GET endpoints are open to every origin (no credentials): the portal, reusers' web pages. */
export function setPublicCors(res: Response): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('cross-origin-resource-policy', 'cross-origin');
  res.setHeader('access-control-expose-headers', 'etag, content-language, x-request-id, retry-after');
}

export function answerPreflight(res: Response): void {
  setPublicCors(res);
  res.setHeader('access-control-allow-methods', 'GET, HEAD, OPTIONS');
  res.setHeader('access-control-allow-headers', 'accept, accept-language, content-type, if-none-match, x-request-id');
  res.setHeader('access-control-max-age', '86400');
  res.status(204).end();
}
