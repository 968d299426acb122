import type { HealthReport } from '@care/kernel';

/** An address to locate, as an import or a form gives it (not normalised: the adapter does that). */
export interface AddressQuery {
  street: string;
  number: string | null;
  postcode: string;
  municipality?: string | null;
  /** Language of the street and municipality names, so that URBIS matches the right name set. */
  language: 'fr' | 'nl';
}

export interface GeocodedAddress {
  /** WGS84, derived from the Lambert 72 answer. */
  point: { lat: number; lon: number };
  /** As URBIS returns it (EPSG:31370). */
  lambert72: { x: number; y: number };
  street: string | null;
  number: string | null;
  postcode: string | null;
  municipality: string | null;
  /** 0–100 when the service gives one. */
  score: number | null;
  source: 'urbis';
}

export interface Geocoder {
  /** null = the service answered and found nothing; throws GeocoderUnavailableError when it could not answer. */
  geocode(query: AddressQuery): Promise<GeocodedAddress | null>;
  health(): Promise<HealthReport>;
}

export type GeocoderUnavailableReason = 'timeout' | 'network' | 'server' | 'circuit-open' | 'not-configured';

/**
 * The geocoder could not answer (as opposed to answering "not found"). Callers catch it and queue the
 * record for a later attempt: geocoding must never block an import.
 */
export class GeocoderUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: GeocoderUnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GeocoderUnavailableError';
  }
}
