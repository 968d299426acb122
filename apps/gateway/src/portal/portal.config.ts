import { z } from 'zod';

/** An upstream service's base URL, without a trailing slash. */
const serviceUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/**
 * What the citizen portal adds to the gateway's configuration (validated with it at boot). The
 * services' URLs are the gateway's upstreams (`*_URL`, gateway.config.ts).
 */
export const portalConfigSchema = z.object({
  /** A page gives up on a service after this long and says it is unavailable. */
  PORTAL_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Public origin of the portal (`https://social.brussels`), for absolute canonical and hreflang URLs; root-relative without it. */
  PORTAL_PUBLIC_URL: serviceUrl.optional(),
});

/** The portal's own settings, and the base URLs of the services it reads (the gateway's upstreams). */
export type PortalConfig = z.output<typeof portalConfigSchema> & { upstreams: Record<'organisations' | 'care-providers' | 'agrements' | 'search', string> };

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');
