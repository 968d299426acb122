export * from './geocoder.port.js';
export * from './urbis-geocoder.adapter.js';
export * from './not-configured-geocoder.adapter.js';
export * from './geocoder.config.js';
export * from './circuit-breaker.js';
export * from './lru-cache.js';
export { normaliseText, geocodeCacheKey, formatAddressLine } from './address-normalisation.js';
export { parseUrbisResponse, UrbisResponseError, type UrbisResult } from './urbis-response.schema.js';
