import { z } from 'zod';
import { createGeocoder, geocoderConfigSchema } from './geocoder.config.js';
import { GeocoderUnavailableError } from './geocoder.port.js';
import { NotConfiguredGeocoder } from './not-configured-geocoder.adapter.js';
import { UrbisGeocoder } from './urbis-geocoder.adapter.js';

const query = { street: 'Rue Haute', number: '1', postcode: '1000', language: 'fr' } as const;

describe('geocoderConfigSchema', () => {
  it('applies defaults and leaves the URL unset', () => {
    expect(geocoderConfigSchema.parse({})).toEqual({
      URBIS_GEOCODER_TIMEOUT_MS: 3000,
      URBIS_GEOCODER_RETRIES: 2,
      URBIS_GEOCODER_BREAKER_THRESHOLD: 5,
      URBIS_GEOCODER_BREAKER_RESET_MS: 30_000,
    });
  });

  it('coerces numbers from environment strings', () => {
    const config = geocoderConfigSchema.parse({
      URBIS_GEOCODER_URL: 'https://geoservices.example.be/localization/Rest/Localize',
      URBIS_GEOCODER_TIMEOUT_MS: '1500',
      URBIS_GEOCODER_RETRIES: '0',
      URBIS_GEOCODER_BREAKER_THRESHOLD: '3',
      URBIS_GEOCODER_BREAKER_RESET_MS: '10000',
    });
    expect(config).toEqual({
      URBIS_GEOCODER_URL: 'https://geoservices.example.be/localization/Rest/Localize',
      URBIS_GEOCODER_TIMEOUT_MS: 1500,
      URBIS_GEOCODER_RETRIES: 0,
      URBIS_GEOCODER_BREAKER_THRESHOLD: 3,
      URBIS_GEOCODER_BREAKER_RESET_MS: 10_000,
    });
  });

  it('treats an empty URL as unset', () => {
    expect(geocoderConfigSchema.parse({ URBIS_GEOCODER_URL: '' }).URBIS_GEOCODER_URL).toBeUndefined();
  });

  it.each([
    ['a URL that is not one', { URBIS_GEOCODER_URL: 'geoservices' }],
    ['a non-HTTP URL', { URBIS_GEOCODER_URL: 'ftp://geoservices.example.be' }],
    ['a non-numeric timeout', { URBIS_GEOCODER_TIMEOUT_MS: 'soon' }],
    ['negative retries', { URBIS_GEOCODER_RETRIES: '-1' }],
    ['a zero threshold', { URBIS_GEOCODER_BREAKER_THRESHOLD: '0' }],
  ])('rejects %s', (_label, env) => {
    expect(geocoderConfigSchema.safeParse(env).success).toBe(false);
  });

  it('can be merged into a service configuration through its shape', () => {
    const serviceSchema = z.object({ PORT: z.coerce.number().default(3000) }).extend(geocoderConfigSchema.shape);
    const config = serviceSchema.parse({ PORT: '3101', URBIS_GEOCODER_RETRIES: '1' });
    expect(config).toMatchObject({ PORT: 3101, URBIS_GEOCODER_RETRIES: 1, URBIS_GEOCODER_TIMEOUT_MS: 3000 });
  });
});

describe('createGeocoder', () => {
  it('returns a not-configured geocoder without a URL: geocode fails with reason not-configured, health is up', async () => {
    const geocoder = createGeocoder(geocoderConfigSchema.parse({}));
    expect(geocoder).toBeInstanceOf(NotConfiguredGeocoder);
    const error = await geocoder.geocode(query).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GeocoderUnavailableError);
    expect((error as GeocoderUnavailableError).reason).toBe('not-configured');
    await expect(geocoder.health()).resolves.toEqual({ status: 'up', details: { configured: false } });
  });

  it('returns an URBIS geocoder with a URL, healthy and closed before any call', async () => {
    const geocoder = createGeocoder(geocoderConfigSchema.parse({ URBIS_GEOCODER_URL: 'http://127.0.0.1:1/urbis' }));
    expect(geocoder).toBeInstanceOf(UrbisGeocoder);
    await expect(geocoder.health()).resolves.toEqual({ status: 'up', details: { circuit: 'closed', cacheEntries: 0 } });
  });
});

describe('GeocoderUnavailableError', () => {
  it('carries its reason, name and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new GeocoderUnavailableError('down', 'network', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GeocoderUnavailableError');
    expect(error.reason).toBe('network');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('down');
  });
});
