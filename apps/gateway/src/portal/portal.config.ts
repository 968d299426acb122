import { z } from 'zod';

/** An upstream service's base URL, without a trailing slash. */
const serviceUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/**
 * What the citizen portal needs, validated with the gateway's configuration at boot. The service
 * URLs are the ones the embedded runtime gives every service (`tools/runtime/src/platform.ts`).
 */
export const portalConfigSchema = z.object({
  ORGANISATIONS_URL: serviceUrl,
  CARE_PROVIDERS_URL: serviceUrl,
  AGREMENTS_URL: serviceUrl,
  SEARCH_URL: serviceUrl,
  /** A page gives up on a service after this long and says it is unavailable. */
  PORTAL_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Public origin of the portal (`https://social.brussels`), for absolute canonical and hreflang URLs; root-relative without it. */
  PORTAL_PUBLIC_URL: serviceUrl.optional(),
});

export type PortalConfig = z.output<typeof portalConfigSchema>;

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');
