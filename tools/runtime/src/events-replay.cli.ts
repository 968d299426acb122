import pg from 'pg';
import { loadConfig } from '@care/kernel';
import {
  checkEventBusConfig,
  createTransport,
  eventBusConfigSchema,
  forgetInInbox,
  PostgresEventLog,
  type EventTransport,
  type ReplayFrom,
} from '@care/messaging';
import { platformServer, type PlatformServer } from './platform-server.js';

/**
 * `npm run events:replay -- <group> --from <beginning|position|time> [--reapply]`
 *
 * Moves a consumer group back so that it receives again every event from a log position
 * (inclusive), from a time (ISO 8601, events appended at or after it), or from the beginning.
 * - Without `--reapply` the group's inbox skips the events it already applied: only those it never
 *   applied (dead-lettered ones, once the cause is fixed; those missing from a restored database)
 *   take effect. Always safe.
 * - `--reapply` first deletes the group's inbox rows of the replayed events (in the consumer's
 *   database), so its handlers run again: for rebuilding a projection whose handlers are
 *   idempotent by version (docs/operations.md lists which are).
 *
 * Environment: inside a service's environment (its pod: `EVENT_BUS_DATABASE_URL` or
 * `KAFKA_BROKERS` set), the bus of those variables and `DATABASE_URL` as the consumer's database.
 * Otherwise the platform of `npm start` (or DATABASE_URL's server), whose databases it finds.
 * The postgres bus tells a running group at once; with Kafka, stop the group's consumers first.
 */
const usage = 'usage: events:replay -- <group> --from <beginning|position|ISO time> [--reapply]';
const args = process.argv.slice(2);
const group = args[0];
const fromArg = args[args.indexOf('--from') + 1];
const reapply = args.includes('--reapply');
const fail = (message: string, code = 64): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
if (!group || group.startsWith('--') || !/^[a-z0-9-]+\.[a-z0-9.-]+$/.test(group))
  fail(`${usage}\n(group: <service>.<purpose>, e.g. search.projection)`);
if (!args.includes('--from') || !fromArg) fail(usage);

function parseFrom(value: string): ReplayFrom {
  if (value === 'beginning') return 'beginning';
  if (/^\d+$/.test(value)) return { after: (BigInt(value) - 1n < 0n ? 0n : BigInt(value) - 1n).toString() };
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    return fail(`--from: "${value}" is neither "beginning", a log position nor an ISO 8601 time`);
  return { at };
}
const from = parseFrom(fromArg!);
const service = group!.split('.')[0]!;
const log = (line: string) => process.stdout.write(`events replay ${group}: ${line}\n`);

const serviceEnv = !!(process.env['EVENT_BUS_DATABASE_URL'] || process.env['KAFKA_BROKERS']);
let server: PlatformServer | undefined;
let transport: EventTransport;
let consumerDatabaseUrl: string | undefined;
if (serviceEnv) {
  transport = createTransport(loadConfig(eventBusConfigSchema.superRefine(checkEventBusConfig), process.env), `${service}-replay`);
  consumerDatabaseUrl = process.env['DATABASE_URL'];
} else {
  server = await platformServer();
  transport = new PostgresEventLog({ url: server.databaseUrl('event-bus') });
  consumerDatabaseUrl = server.databaseUrl(service);
}

try {
  if (reapply) {
    if (!consumerDatabaseUrl) fail(`--reapply: DATABASE_URL (the database of ${service}, where the group's inbox is) is required`, 78);
    const consumerDb = new pg.Client({ connectionString: consumerDatabaseUrl });
    await consumerDb.connect();
    try {
      let forgotten = 0;
      if (from === 'beginning') {
        forgotten = await forgetInInbox(consumerDb, group!, 'all');
      } else if (transport instanceof PostgresEventLog) {
        for await (const ids of transport.eventIdsAfter(await transport.positionBefore(from)))
          forgotten += await forgetInInbox(consumerDb, group!, ids);
      } else {
        fail('--reapply with Kafka replays from the beginning only (offsets are per partition: the replayed events are not listed)');
      }
      log(`${forgotten} inbox row(s) forgotten: the replayed events will be applied again`);
    } finally {
      await consumerDb.end();
    }
  }
  await transport.resetGroup(group!, from);
  const where = from === 'beginning' ? 'the beginning' : 'after' in from ? `position ${fromArg}` : from.at.toISOString();
  log(
    `replaying from ${where}` +
      (transport.kind === 'postgres' ? ' (a running instance of the group picks it up now)' : ' (start the group’s consumers again)'),
  );
} finally {
  await transport.close();
  await server?.close();
}
