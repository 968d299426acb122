import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ImportSettings } from '../config/import-settings.config.js';

/**
 * The V8 flags imports run with. They stream their files, so a small young generation and a
 * bounded old space keep garbage collection eager and resident memory flat (about 190 MB for a
 * full KBO extract) instead of letting the heap grow to whatever the machine has.
 */
export const IMPORT_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=128'];

export const IMPORT_CLI = fileURLToPath(new URL('../import.cli.js', import.meta.url));

/** Runs one import in its own process (so a big extract never weighs on the service) and returns its exit code. */
export function runImportProcess(kind: 'kbo' | 'legacy', target: string, env: NodeJS.ProcessEnv, onOutput: (text: string) => void): Promise<number | null> {
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, IMPORT_CLI, kind, target], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  return new Promise((resolve) => child.on('exit', resolve));
}

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
