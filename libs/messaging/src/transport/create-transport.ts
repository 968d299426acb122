import { z } from 'zod';
import type { EventTransport } from './event-transport.js';
import { KafkaTransport } from './kafka/kafka-transport.js';
import { PostgresEventLog } from './postgres/postgres-event-log.js';

/** Environment of the event bus, shared by every service (validated at boot). */
export const eventBusConfigSchema = z.object({
  EVENT_BUS: z.enum(['postgres', 'kafka']).default('postgres'),
  /** Bus database of the postgres transport. */
  EVENT_BUS_DATABASE_URL: z.string().url().optional(),
  EVENT_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  /** Comma-separated host:port list of the kafka transport. */
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CREATE_TOPICS: z.stringbool().default(false),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(3),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  KAFKA_SSL: z.stringbool().default(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
});

export type EventBusConfig = z.output<typeof eventBusConfigSchema>;

/** Cross-field rules: each transport needs its own connection settings. */
export function checkEventBusConfig(config: EventBusConfig, ctx: z.RefinementCtx): void {
  if (config.EVENT_BUS === 'postgres' && !config.EVENT_BUS_DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['EVENT_BUS_DATABASE_URL'], message: 'required when EVENT_BUS=postgres' });
  }
  if (config.EVENT_BUS === 'kafka' && !config.KAFKA_BROKERS) {
    ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required when EVENT_BUS=kafka' });
  }
  if (config.KAFKA_SASL_MECHANISM && !(config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD)) {
    ctx.addIssue({ code: 'custom', path: ['KAFKA_SASL_USERNAME'], message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM' });
  }
}

export function createTransport(config: EventBusConfig, clientId: string, onError?: (error: unknown, context: string) => void): EventTransport {
  if (config.EVENT_BUS === 'kafka') {
    return new KafkaTransport({
      brokers: (config.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean),
      clientId,
      createTopics: config.KAFKA_CREATE_TOPICS,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      ssl: config.KAFKA_SSL,
      sasl: config.KAFKA_SASL_MECHANISM
        ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME ?? '', password: config.KAFKA_SASL_PASSWORD ?? '' }
        : undefined,
      onError,
    });
  }
  return new PostgresEventLog({ url: config.EVENT_BUS_DATABASE_URL!, retentionDays: config.EVENT_LOG_RETENTION_DAYS, onError });
}
