import { setTimeout as sleep } from 'node:timers/promises';
import type { HealthReport } from '@care/kernel';
import { formatAddressLine, geocodeCacheKey } from './address-normalisation.js';
import { CircuitBreaker, CircuitOpenError, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import { GeocoderUnavailableError, type AddressQuery, type GeocodedAddress, type Geocoder } from './geocoder.port.js';
import { LruCache } from './lru-cache.js';
import { parseUrbisResponse } from './urbis-response.schema.js';

export interface UrbisGeocoderOptions {
  /** Base of the URBIS localisation REST service; `/geocode` is appended (a trailing `/` is optional). */
  baseUrl: string;
  /** Per attempt, headers and body included. Default 3000. */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (429, 5xx, timeout, network). Default 2. */
  retries?: number;
  /** Wait before retry n (0-based) is retryBaseMs × 2^n. Default 200. */
  retryBaseMs?: number;
  breaker?: CircuitBreakerOptions;
  cache?: {
    /** Default 10 000. */
    maxEntries?: number;
    /** How long a found address is kept. Default 24 h. */
    ttlMs?: number;
    /** How long "not found" is kept: shorter, since URBIS may learn a new address. Default 1 h. */
    missTtlMs?: number;
  };
}

/** Outcome of one HTTP attempt: an answer (found or not), or a failure that may be worth retrying. */
type Attempt =
  { kind: 'answer'; result: GeocodedAddress | null } | { kind: 'failure'; error: GeocoderUnavailableError; retryable: boolean };

const HOUR = 3_600_000;

/**
 * Geocoder backed by URBIS (Brussels regional address reference, Paradigm). Layers, outermost first:
 * cache (hits need no HTTP) → circuit breaker (one geocode call, retries included, is one success or
 * failure) → retries with exponential backoff → one HTTP attempt with a timeout.
 * The expected answer format lives in urbis-response.schema.ts.
 */
export class UrbisGeocoder implements Geocoder {
  private readonly endpoint: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly ttlMs: number;
  private readonly missTtlMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly cache: LruCache<string, GeocodedAddress | null>;

  constructor(options: UrbisGeocoderOptions) {
    this.endpoint = geocodeEndpoint(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.retries = options.retries ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 200;
    this.ttlMs = options.cache?.ttlMs ?? 24 * HOUR;
    this.missTtlMs = options.cache?.missTtlMs ?? HOUR;
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
    if (!Number.isInteger(this.retries) || this.retries < 0) throw new RangeError('retries must be an integer >= 0');
    if (!(this.retryBaseMs >= 0)) throw new RangeError('retryBaseMs must be >= 0');
    this.breaker = new CircuitBreaker(options.breaker);
    this.cache = new LruCache({ maxEntries: options.cache?.maxEntries ?? 10_000 });
  }

  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  get cacheEntries(): number {
    return this.cache.size;
  }

  async geocode(query: AddressQuery): Promise<GeocodedAddress | null> {
    const key = geocodeCacheKey(query);
    const cached = this.cache.get(key);
    // Copies in and out: a caller mutating its result must not alter what later callers get.
    if (cached !== undefined) return structuredClone(cached);
    let result: GeocodedAddress | null;
    try {
      result = await this.breaker.execute(() => this.requestWithRetries(query));
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw new GeocoderUnavailableError(`URBIS geocoder circuit is open: ${error.message}`, 'circuit-open', { cause: error });
      }
      throw error;
    }
    // Only answers are cached; failures never reach this line.
    this.cache.set(key, structuredClone(result), result ? this.ttlMs : this.missTtlMs);
    return result;
  }

  /** Local state only: health checks must not load URBIS nor depend on its latency. */
  async health(): Promise<HealthReport> {
    const circuit = this.breaker.state;
    return { status: circuit === 'open' ? 'down' : 'up', details: { circuit, cacheEntries: this.cache.size } };
  }

  private async requestWithRetries(query: AddressQuery): Promise<GeocodedAddress | null> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.requestOnce(query);
      if (outcome.kind === 'answer') return outcome.result;
      if (!outcome.retryable || attempt >= this.retries) throw outcome.error;
      await sleep(this.retryBaseMs * 2 ** attempt);
    }
  }

  private async requestOnce(query: AddressQuery): Promise<Attempt> {
    const url = new URL(this.endpoint);
    url.searchParams.set('address', formatAddressLine(query));
    url.searchParams.set('language', query.language);
    url.searchParams.set('spatialReference', '31370');

    let body: string;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      if (response.status !== 200) {
        // Free the connection for reuse; the body of an error answer is not needed.
        await response.body?.cancel().catch(() => undefined);
        return classifyStatus(response.status);
      }
      body = await response.text();
    } catch (error) {
      return transportFailure(error);
    }

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      // A 200 with a broken body is not transient: retrying would get the same answer.
      return {
        kind: 'failure',
        error: new GeocoderUnavailableError('URBIS answered malformed JSON', 'server', { cause: error }),
        retryable: false,
      };
    }
    try {
      return { kind: 'answer', result: parseUrbisResponse(json) };
    } catch (error) {
      return {
        kind: 'failure',
        error: new GeocoderUnavailableError('URBIS answered an unexpected shape', 'server', { cause: error }),
        retryable: false,
      };
    }
  }
}

function classifyStatus(status: number): Attempt {
  // 404: nothing at that address; 400/422: URBIS cannot parse this address. Answers, not outages.
  if (status === 404 || status === 400 || status === 422) return { kind: 'answer', result: null };
  const error = new GeocoderUnavailableError(`URBIS answered HTTP ${status}`, 'server');
  // 429 and 5xx are usually transient; anything else (401, 403, 3xx left over…) is a setup problem a retry will not fix.
  return { kind: 'failure', error, retryable: status === 429 || status >= 500 };
}

function transportFailure(error: unknown): Attempt {
  // AbortSignal.timeout rejects fetch (or the body read) with a DOMException named TimeoutError.
  const timedOut = typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError';
  return timedOut
    ? { kind: 'failure', error: new GeocoderUnavailableError('URBIS did not answer in time', 'timeout', { cause: error }), retryable: true }
    : { kind: 'failure', error: new GeocoderUnavailableError('URBIS could not be reached', 'network', { cause: error }), retryable: true };
}

/** `{base}/geocode`, keeping any path prefix and query parameters (an API key, say) of the base. */
function geocodeEndpoint(baseUrl: string): URL {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const endpoint = new URL('geocode', base);
  endpoint.search = base.search;
  return endpoint;
}
