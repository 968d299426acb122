import { spawn } from 'node:child_process';
import { IMPORT_NODE_FLAGS } from './imports/import-process.js';

/**
 * `import.cli kbo <extract folder>`: one KBO/BCE extract (full or daily update);
 * `import.cli legacy <file.json|file.ndjson>`: fiches in the format of the Bruxelles Social API.
 * Runs on the organisations database of DATABASE_URL (with the service's import settings), prints the
 * run and exits 0 when it succeeded, 2 when the extract is out of sequence, 1 otherwise. Started by
 * `npm run import:kbo` / `import:legacy` and by the service's scheduled KBO import.
 */
// The import itself is loaded only in the process that runs it (the re-executing parent stays small).
if (IMPORT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) await (await import('./imports/import-runner.js')).runImportCommand(process.argv.slice(2));
else {
  // Imports stream their files: they run with the memory flags (see import-process.ts).
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}
