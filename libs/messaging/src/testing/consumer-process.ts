import { transportFromEnv } from './transport-from-env.js';

/**
 * Child process of the transport contract suite: consumes a group and prints one line per event
 * it is handed (`delivered <eventId>`). When handed the event HANG_ON it hangs without returning,
 * so the parent can kill it with SIGKILL while that event is in flight (never committed).
 */
const group = process.env['GROUP']!;
const types = process.env['TYPES']!.split(',');
const hangOn = process.env['HANG_ON'];
const transport = transportFromEnv(`contract-${group}`);
await transport.subscribe({
  group,
  types,
  handle: async (batch) => {
    for (const envelope of batch) {
      process.stdout.write(`delivered ${envelope.id}\n`);
      if (envelope.id === hangOn) await new Promise(() => undefined);
    }
  },
});
process.stdout.write('ready\n');
