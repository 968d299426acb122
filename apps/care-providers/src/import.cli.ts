import { asImportProcess } from '@care/imports';

/**
 * `import.cli cobrha <file.csv>`: a CoBRHA-like full extract of care providers (columns in
 * docs/imports.md) into the care-providers database of DATABASE_URL. Prints the run; exits 0 when
 * it succeeded. Started by `npm run import:cobrha`.
 */
await asImportProcess(async () => (await import('./imports/import-runner.js')).runImportCommand(process.argv.slice(2)));
