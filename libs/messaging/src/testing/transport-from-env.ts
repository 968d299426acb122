import { createTransport, eventBusConfigSchema } from '../transport/create-transport.js';
import type { EventTransport } from '../transport/event-transport.js';

/** The transport described by EVENT_BUS / EVENT_BUS_DATABASE_URL / KAFKA_BROKERS (test child processes). */
export function transportFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): EventTransport {
  const config = eventBusConfigSchema.parse(env);
  return createTransport({ ...config, KAFKA_CREATE_TOPICS: true, KAFKA_REPLICATION_FACTOR: 1 }, clientId, (error, context) =>
    process.stderr.write(`[${clientId}] ${context}: ${(error as Error)?.message ?? String(error)}\n`),
  );
}
