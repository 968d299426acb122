import { readFileSync } from 'node:fs';

/**
 * The reference data shipped with the library (see data/README.md for provenance and licences),
 * resolved from the compiled module (`dist/data-files.js` → `data/`) so that it works from any
 * working directory.
 */
export const DATA_DIR = new URL('../data/', import.meta.url);

export function readDataFile(name: string, dataDir: URL = DATA_DIR): string {
  // A directory URL without its trailing slash would resolve `name` next to it, not inside it.
  const dir = dataDir.href.endsWith('/') ? dataDir : new URL(`${dataDir.href}/`);
  return readFileSync(new URL(name, dir), 'utf8');
}
