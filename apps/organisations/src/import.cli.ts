import { asImportProcess } from '@care/imports';

/**
 * `import.cli kbo <extract folder>`: one KBO/BCE extract (full or daily update);
 * `import.cli legacy <file.json|file.ndjson>`: fiches in the format of the Bruxelles Social API.
 * Runs on the organisations database of DATABASE_URL (with the service's import settings), prints the
 * run and exits 0 when it succeeded, 2 when the extract is out of sequence, 1 otherwise. Started by
 * `npm run import:kbo` / `import:legacy` and by the service's scheduled KBO import.
 */
// Loaded only in the process that runs the import: the re-executing parent stays small.
await asImportProcess(async () => (await import('./imports/import-runner.js')).runImportCommand(process.argv.slice(2)));
