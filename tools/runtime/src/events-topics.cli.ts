import { loadConfig } from '@care/kernel';
import { checkEventBusConfig, createTransport, eventBusConfigSchema, KafkaTransport, platformTopics } from '@care/messaging';

/**
 * `npm run events:topics -- --group <group> … [--topic <name>] [--add-partitions]` (the Kafka
 * variables of the services: KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR,
 * KAFKA_SSL, KAFKA_SASL_*): creates the topics the platform needs and that do not exist yet —
 * one per entity stream of the event contracts, one dead-letter topic per consumer group named,
 * and any `--topic` — with the configured partitions and replication, through the kafka
 * transport's own code. `--add-partitions` raises the partitions of existing topics to the
 * configured number (never lowers them; see docs/operations.md before doing it). Idempotent.
 */
const args = process.argv.slice(2);
const valuesOf = (flag: string) => args.flatMap((arg, i) => (arg === flag && args[i + 1] ? [args[i + 1]!] : []));
const groups = valuesOf('--group');
const extra = valuesOf('--topic');
if (groups.length === 0) {
  process.stderr.write('usage: events:topics -- --group <consumer group> [--group …] [--topic <name>] [--add-partitions]\n');
  process.exit(64);
}
const config = loadConfig(eventBusConfigSchema.superRefine(checkEventBusConfig), { ...process.env, EVENT_BUS: 'kafka' });
const transport = createTransport(config, 'care-topics-bootstrap');
if (!(transport instanceof KafkaTransport)) throw new Error('not a kafka transport');
try {
  const report = await transport.bootstrapTopics(platformTopics(groups, extra), args.includes('--add-partitions'));
  for (const { topic, created, partitions } of report) {
    const short =
      partitions < config.KAFKA_TOPIC_PARTITIONS
        ? ` (fewer than the ${config.KAFKA_TOPIC_PARTITIONS} configured: --add-partitions raises them)`
        : '';
    process.stdout.write(`${created ? 'created' : 'exists '} ${topic}: ${partitions} partition(s)${short}\n`);
  }
} finally {
  await transport.close();
}
