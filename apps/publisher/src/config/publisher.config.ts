import { z } from 'zod';
import { loadConfig, platformConfig } from '@care/service-kit';

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s):// URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** An AES-256 key: 32 random bytes in base64 (`openssl rand -base64 32`). */
const aesKey = z.string().transform((value, ctx) => {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || key.toString('base64') !== value.trim()) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes in base64 (openssl rand -base64 32)' });
    return z.NEVER;
  }
  return key;
});

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const milliseconds = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Development only (the configuration refuses to start without WEBHOOK_SECRET_KEY in production):
 * a fixed key, so that subscriptions made with `npm start` keep working across restarts.
 */
const DEVELOPMENT_WEBHOOK_KEY = Buffer.from('care-development-webhook-key-32b');

export const publisherConfigSchema = platformConfig(3005)
  .and(
    z.object({
      /** The platform's public origin (the gateway): absolute links of the HSDS API. */
      GATEWAY_PUBLIC_URL: httpUrl.optional(),
      /** Encrypts the webhook signing secrets at rest (AES-256-GCM). */
      WEBHOOK_SECRET_KEY: aesKey.optional(),
      /** The key before a rotation: secrets it encrypted are re-encrypted with the new key at start. */
      WEBHOOK_SECRET_KEY_PREVIOUS: aesKey.optional(),
      /** Failed attempts of one delivery before its records are dead-lettered and delivery moves on. */
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
      /** First retry delay; doubles with each failed attempt, up to WEBHOOK_RETRY_MAX_MS. */
      WEBHOOK_RETRY_BASE_MS: milliseconds(5_000, 3_600_000),
      WEBHOOK_RETRY_MAX_MS: milliseconds(3_600_000, 86_400_000),
      /** An endpoint that has not answered by then has failed the attempt. */
      WEBHOOK_TIMEOUT_MS: milliseconds(10_000, 120_000),
      /** Feed records per delivery (one signed POST). */
      WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
      /** Subscriptions served at once by one instance. */
      WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
      /** After a secret rotation, deliveries carry a signature with the old secret too, this long. */
      WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().int().min(0).max(720).default(24),
      /** Deliver to loopback and private addresses (a receiver on the same host or network). Off in production by default. */
      WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.optional(),
    }),
  )
  .superRefine((config, ctx) => {
    if (config.CARE_ENV !== 'production') return;
    if (!config.WEBHOOK_SECRET_KEY) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET_KEY'], message: 'required in production (encrypts the webhook secrets)' });
    if (!config.GATEWAY_PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['GATEWAY_PUBLIC_URL'], message: 'required in production (links of the HSDS API)' });
  })
  .transform((config) => {
    const production = config.CARE_ENV === 'production';
    return {
      ...config,
      GATEWAY_PUBLIC_URL: config.GATEWAY_PUBLIC_URL ?? 'http://127.0.0.1:3000',
      WEBHOOK_SECRET_KEY: config.WEBHOOK_SECRET_KEY ?? DEVELOPMENT_WEBHOOK_KEY,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? !production,
      /** Webhook URLs must be https in production. */
      WEBHOOK_REQUIRE_HTTPS: production,
    };
  });

export type PublisherConfig = z.output<typeof publisherConfigSchema>;

export function loadPublisherConfig(env: NodeJS.ProcessEnv = process.env): PublisherConfig {
  return loadConfig(publisherConfigSchema, env);
}

/** Injection token of the validated publisher configuration. */
export const PUBLISHER_CONFIG = Symbol('PUBLISHER_CONFIG');
