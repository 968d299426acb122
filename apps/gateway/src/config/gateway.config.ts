import { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';
import { portalConfigSchema } from '../portal/portal.config.js';

/** The services behind the gateway: `/api/{service}/{path}` goes to `${SERVICE}_URL/{path}`. */
export const UPSTREAM_SERVICES = ['organisations', 'care-providers', 'agrements', 'search', 'publisher'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s):// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const gatewayConfigSchema = platformConfig(3000)
  .and(portalConfigSchema)
  .and(z.object({
    ORGANISATIONS_URL: httpUrl,
    CARE_PROVIDERS_URL: httpUrl,
    AGREMENTS_URL: httpUrl,
    SEARCH_URL: httpUrl,
    PUBLISHER_URL: httpUrl,
    /** The gateway's public base URL: issuer of the client tokens it signs. */
    GATEWAY_PUBLIC_URL: httpUrl.optional(),
    /** An upstream that has not answered (headers) by then gets the caller a 504. */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** Keep-alive sockets kept open per upstream service. */
    UPSTREAM_MAX_SOCKETS: z.coerce.number().int().min(1).max(1_024).default(128),
    /** Staff identity provider (OIDC): issuer, audience and JWKS URL of its signing keys. */
    OIDC_ISSUER: z.string().min(1).optional(),
    OIDC_AUDIENCE: z.string().min(1).default('care-api'),
    OIDC_JWKS_URL: httpUrl.optional(),
    /** Claim holding the staff roles (a list): `roles`, or e.g. `realm_access.roles` for Keycloak. */
    OIDC_ROLES_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/).default('roles'),
    /** PKCS#8 PEM of the EC P-256 key signing client-credentials tokens (ES256); `\n` escapes allowed (one-line .env files). */
    GATEWAY_SIGNING_KEY: z
      .string()
      .includes('PRIVATE KEY')
      .transform((pem) => pem.replace(/\\n/g, '\n'))
      .optional(),
    CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
    /** The built-in development identity provider (demo accounts). Never in production. */
    DEV_IDENTITY_PROVIDER: flag.optional(),
    /** Organisation the demo representative account is linked to. */
    DEV_REPRESENTATIVE_ORGANISATION: z.coerce.number().int().positive().default(1),
    /** Token buckets: sustained requests per minute and burst, per IP (anonymous and staff), API key, machine client. */
    RATE_LIMIT_IP_PER_MINUTE: perMinute(600),
    RATE_LIMIT_IP_BURST: perMinute(120),
    RATE_LIMIT_KEY_PER_MINUTE: perMinute(1_200),
    RATE_LIMIT_KEY_BURST: perMinute(200),
    RATE_LIMIT_CLIENT_PER_MINUTE: perMinute(3_000),
    RATE_LIMIT_CLIENT_BURST: perMinute(300),
    /** Take the client IP from the first `X-Forwarded-For` entry (only behind a trusted load balancer). */
    TRUST_PROXY: flag.default(false),
  }))
  .superRefine((config, ctx) => {
    const production = config.CARE_ENV === 'production';
    if (production && config.DEV_IDENTITY_PROVIDER) {
      ctx.addIssue({ code: 'custom', path: ['DEV_IDENTITY_PROVIDER'], message: 'the development identity provider cannot run with CARE_ENV=production' });
    }
    const devIdp = config.DEV_IDENTITY_PROVIDER ?? config.CARE_ENV === 'development';
    for (const name of ['OIDC_ISSUER', 'OIDC_JWKS_URL'] as const) {
      if (!devIdp && !config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required without the development identity provider' });
    }
    if (!!config.OIDC_ISSUER !== !!config.OIDC_JWKS_URL) ctx.addIssue({ code: 'custom', path: ['OIDC_JWKS_URL'], message: 'OIDC_ISSUER and OIDC_JWKS_URL go together' });
    if (production && !config.GATEWAY_SIGNING_KEY) ctx.addIssue({ code: 'custom', path: ['GATEWAY_SIGNING_KEY'], message: 'required in production (every instance signs with the same key)' });
    if (production && !config.GATEWAY_PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['GATEWAY_PUBLIC_URL'], message: 'required in production (issuer of client tokens)' });
  })
  .transform((config) => ({
    ...config,
    DEV_IDENTITY_PROVIDER: config.DEV_IDENTITY_PROVIDER ?? config.CARE_ENV === 'development',
    GATEWAY_PUBLIC_URL: config.GATEWAY_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    upstreams: {
      organisations: config.ORGANISATIONS_URL,
      'care-providers': config.CARE_PROVIDERS_URL,
      agrements: config.AGREMENTS_URL,
      search: config.SEARCH_URL,
      publisher: config.PUBLISHER_URL,
    } satisfies Record<UpstreamService, string>,
  }));

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
