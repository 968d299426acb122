import { z } from 'zod';
import type { Geocoder } from './geocoder.port.js';
import { NotConfiguredGeocoder } from './not-configured-geocoder.adapter.js';
import { UrbisGeocoder } from './urbis-geocoder.adapter.js';

/** Environment of the geocoder; services add it to their own schema with `.extend(geocoderConfigSchema.shape)`. */
export const geocoderConfigSchema = z.object({
  /** Base of the URBIS localisation service; unset (or empty) runs without a geocoder. */
  URBIS_GEOCODER_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).optional()),
  URBIS_GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(1).default(3000),
  URBIS_GEOCODER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  URBIS_GEOCODER_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  URBIS_GEOCODER_BREAKER_RESET_MS: z.coerce.number().int().min(0).default(30_000),
});

export type GeocoderConfig = z.output<typeof geocoderConfigSchema>;

export function createGeocoder(config: GeocoderConfig): Geocoder {
  if (!config.URBIS_GEOCODER_URL) return new NotConfiguredGeocoder();
  return new UrbisGeocoder({
    baseUrl: config.URBIS_GEOCODER_URL,
    timeoutMs: config.URBIS_GEOCODER_TIMEOUT_MS,
    retries: config.URBIS_GEOCODER_RETRIES,
    breaker: { failureThreshold: config.URBIS_GEOCODER_BREAKER_THRESHOLD, resetAfterMs: config.URBIS_GEOCODER_BREAKER_RESET_MS },
  });
}
