import { runDatabaseCommand, type DatabaseCommand, type DatabaseDescriptor } from '@care/persistence';

const COMMANDS: DatabaseCommand[] = ['migrate', 'check', 'create'];

/**
 * `node dist/database.cli.js <migrate|check|create>` of a service: the same three operations for
 * every database, on `DATABASE_URL` (see `tools/db`).
 */
export async function databaseCli(descriptor: DatabaseDescriptor, argv = process.argv.slice(2)): Promise<void> {
  const command = argv[0] as DatabaseCommand;
  const url = process.env['DATABASE_URL'];
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`usage: database.cli <${COMMANDS.join('|')}>\n`);
    process.exit(64);
  }
  if (!url) {
    process.stderr.write('DATABASE_URL: required (URL of the service database)\n');
    process.exit(78);
  }
  try {
    process.exitCode = await runDatabaseCommand(descriptor, command, url);
  } catch (error) {
    process.stderr.write(`${descriptor.service} ${command} failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
