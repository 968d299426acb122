import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header of every delivery: `t=<unix seconds>,v1=<hex>` (one `v1` per secret in force). */
export const SIGNATURE_HEADER = 'care-signature';

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * The signature header of a delivery: HMAC-SHA256, keyed with the subscription's secret, over
 * `<timestamp>.<raw body>`. During a secret rotation both secrets sign (two `v1` values), so a
 * receiver may switch to the new secret at any moment of the overlap.
 */
export function signatureHeader(body: string, secrets: readonly string[], timestamp = Math.floor(Date.now() / 1000)): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${hmac(secret, timestamp, body)}`)].join(',');
}

/**
 * What a receiver does (docs/feed.md): recompute the HMAC over the raw body with its secret and
 * the header's timestamp, compare in constant time with each `v1`, and refuse timestamps older
 * than `toleranceSeconds` (a replayed capture).
 */
export function verifySignature(header: string, body: string, secret: string, toleranceSeconds = 300, now = Math.floor(Date.now() / 1000)): boolean {
  const parts = header.split(',').map((part) => part.split('=') as [string, string]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return parts.some(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '') && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
