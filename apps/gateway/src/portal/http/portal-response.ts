import type { Response } from 'express';
import type { Language } from '@care/kernel';

/**
 * Scripts and styles only from the portal's own files (no inline code, no CDN), no plug-ins, no
 * framing; the browser may ask for its position only for this origin ("near me").
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, lang: Language, body: string, status = 200): void {
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-language': lang,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'permissions-policy': 'geolocation=(self), camera=(), microphone=()',
      // Pages follow the directory within a minute; error pages are not kept.
      'cache-control': status === 200 ? 'public, max-age=60' : 'no-store',
    })
    .send(body);
}

export function sendJson(res: Response, lang: Language, body: unknown): void {
  res.status(200).set({ 'content-language': lang, 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=60' }).json(body);
}
