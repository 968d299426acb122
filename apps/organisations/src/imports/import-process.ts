import { fileURLToPath } from 'node:url';
import type { ImportSettings } from '../config/import-settings.config.js';

export const IMPORT_CLI = fileURLToPath(new URL('../import.cli.js', import.meta.url));

/** The environment of an import process, from the service's own validated settings. */
export function importEnvironment(settings: ImportSettings, actor: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    USER: actor,
    DATABASE_URL: settings.DATABASE_URL,
    KBO_NACE_PREFIXES: settings.KBO_NACE_PREFIXES.join(','),
    KBO_POSTCODES: `${settings.KBO_POSTCODES.from}-${settings.KBO_POSTCODES.to}`,
    URBIS_GEOCODER_TIMEOUT_MS: String(settings.URBIS_GEOCODER_TIMEOUT_MS),
    URBIS_GEOCODER_RETRIES: String(settings.URBIS_GEOCODER_RETRIES),
    URBIS_GEOCODER_BREAKER_THRESHOLD: String(settings.URBIS_GEOCODER_BREAKER_THRESHOLD),
    URBIS_GEOCODER_BREAKER_RESET_MS: String(settings.URBIS_GEOCODER_BREAKER_RESET_MS),
  };
  if (settings.URBIS_GEOCODER_URL) env['URBIS_GEOCODER_URL'] = settings.URBIS_GEOCODER_URL;
  return env;
}
