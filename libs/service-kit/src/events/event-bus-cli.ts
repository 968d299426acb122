import { checkEventBusConfig, createTransport, eventBusConfigSchema, OutboxRelay, type EventConsumer, type EventTransport } from '@care/messaging';
import { loadConfig } from '@care/kernel';

/**
 * The event bus of a command-line process (loaders of demo or reference data), from the same
 * variables as the services. Undefined when no bus is configured: the caller then skips what
 * needs one.
 */
export function eventBusFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): EventTransport | undefined {
  if (!env['EVENT_BUS_DATABASE_URL'] && !env['KAFKA_BROKERS']) return undefined;
  return createTransport(loadConfig(eventBusConfigSchema.superRefine(checkEventBusConfig), env), clientId);
}

/** Publishes every event a loader wrote to its outbox, so that other loaders can consume them now. */
export async function drainOutbox(service: string, databaseUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  const transport = eventBusFromEnv(`${service}-loader`, env);
  if (!transport) return null;
  try {
    return await new OutboxRelay({ databaseUrl, service, transport }).drain();
  } finally {
    await transport.close();
  }
}

/** Runs a consumer group until it has applied everything on the bus, then stops it. */
export async function catchUp(consumer: EventConsumer, transport: EventTransport, timeoutMs = 120_000): Promise<void> {
  await consumer.start();
  try {
    const deadline = Date.now() + timeoutMs;
    while ((await transport.lag(consumer.group, consumer.types)).lag > 0) {
      if (Date.now() > deadline) throw new Error(`${consumer.group} did not catch up with the bus in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await consumer.stop();
  }
}
