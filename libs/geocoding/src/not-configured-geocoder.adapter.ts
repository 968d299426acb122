import type { HealthReport } from '@care/kernel';
import { GeocoderUnavailableError, type GeocodedAddress, type Geocoder } from './geocoder.port.js';

/**
 * Stand-in when no URBIS URL is configured. Every call is "unavailable", so callers queue records
 * exactly as during an outage, and the platform relies on coordinates already present. Health stays
 * up: running without a geocoder is a deliberate setting, not a fault.
 */
export class NotConfiguredGeocoder implements Geocoder {
  async geocode(): Promise<GeocodedAddress | null> {
    throw new GeocoderUnavailableError('No geocoder configured (URBIS_GEOCODER_URL is not set)', 'not-configured');
  }

  async health(): Promise<HealthReport> {
    return { status: 'up', details: { configured: false } };
  }
}
