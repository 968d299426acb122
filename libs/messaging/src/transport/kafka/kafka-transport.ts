import kafkajs from 'kafkajs';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { EVENT_CONTRACTS, streamOf, type EventEnvelope } from '@care/contracts';
import type { HealthReport } from '@care/kernel';
import {
  DeliveryInterrupted,
  deliverBatch,
  type ConsumerLag,
  type DeadLetter,
  type EventTransport,
  type ReplayFrom,
  type SubscribeOptions,
  type Subscription,
} from '../event-transport.js';

const { Kafka, logLevel } = kafkajs;

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Create missing topics at start-up (workstations); production creates them with the bootstrap job. */
  createTopics?: boolean;
  partitions?: number;
  replicationFactor?: number;
  /** Streams whose topics are created when `createTopics` is set. */
  streams?: readonly string[];
  /** Consumer session timeout: how fast a crashed member's partitions move to another. Default 30 s. */
  sessionTimeoutMs?: number;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  onError?: (error: unknown, context: string) => void;
}

/** One topic per entity stream, so every event of an aggregate keeps its order (key = aggregate id). */
export function kafkaTopicOf(type: string): string {
  return `${streamOf(type)}.v1`;
}

export function deadLetterTopicOf(group: string): string {
  return `${group}.dead-letter.v1`;
}

/** Every topic the platform needs: one per entity stream of the contracts, one dead-letter topic per consumer group. */
export function platformTopics(groups: readonly string[], extra: readonly string[] = []): string[] {
  const streams = EVENT_CONTRACTS.map((contract) => kafkaTopicOf(contract.type));
  return [...new Set([...streams, ...groups.map(deadLetterTopicOf), ...extra])];
}

/**
 * `kafka` transport (kafkajs): idempotent producer, key = aggregate id, consumer groups committing
 * offsets by hand after the effect, retries with exponential backoff, a dead-letter topic per group.
 */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka' as const;
  private readonly kafka: InstanceType<typeof Kafka>;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private readonly consumers = new Set<KafkaSubscription>();
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: KafkaTransportOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      sasl: options.sasl as never,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: 8 },
    });
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    if (this.options.createTopics) await this.createMissingTopics(missing);
    for (const topic of missing) this.knownTopics.add(topic);
  }

  /**
   * Creates the topics that do not exist with the configured partitions and replication, and
   * reports the partitions of each; `addPartitions` raises the partitions of a topic that has
   * fewer than configured (never lowers them). The topic bootstrap command (`events-topics.cli`).
   */
  async bootstrapTopics(topics: readonly string[], addPartitions = false): Promise<Array<{ topic: string; created: boolean; partitions: number }>> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    await this.createMissingTopics(missing);
    const wanted = this.options.partitions ?? 6;
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    const report = [];
    for (const topic of topics) {
      let partitions = metadata.find((m) => m.name === topic)?.partitions.length ?? 0;
      if (addPartitions && partitions < wanted) {
        await admin.createPartitions({ topicPartitions: [{ topic, count: wanted }] });
        partitions = wanted;
      }
      report.push({ topic, created: missing.includes(topic), partitions });
      this.knownTopics.add(topic);
    }
    return report;
  }

  private async createMissingTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.getAdmin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic,
        numPartitions: this.options.partitions ?? 6,
        replicationFactor: this.options.replicationFactor ?? 1,
        // The log is what read models are rebuilt from (search:rebuild, replays): nothing expires.
        // Not compacted either: several event types of one aggregate share its key.
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
    });
  }

  async publish(envelopes: readonly EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const envelope of envelopes) {
      const topic = kafkaTopicOf(envelope.type);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), envelope]);
    }
    await this.ensureTopics([...byTopic.keys()]);
    const producer = await this.getProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.aggregateId, value: JSON.stringify(e), headers: { type: e.type, 'event-id': e.id } })),
      })),
    });
  }

  /**
   * Appends messages to a topic that is not an entity stream of the contracts (the publisher's
   * `authentic-source.changes.v1`), with the same idempotent producer: in order per key.
   */
  async produce(topic: string, messages: ReadonlyArray<{ key: string; value: string; headers?: Record<string, string> }>): Promise<void> {
    if (messages.length === 0) return;
    await this.ensureTopics([topic]);
    const producer = await this.getProducer();
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const topics = [...new Set(options.types.map(kafkaTopicOf))];
    await this.ensureTopics([...topics, deadLetterTopicOf(options.group)]);
    const consumer = this.kafka.consumer({
      groupId: options.group,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      retry: { retries: 10 },
    });
    const subscription = new KafkaSubscription(consumer, options, () => this.getProducer(), this.options.onError, () =>
      this.consumers.delete(subscription),
    );
    this.consumers.add(subscription);
    await subscription.start(topics);
    return subscription;
  }

  /**
   * Replays a stopped group (Kafka refuses to move the offsets of a group with live members):
   * from the earliest offsets, or from the first offset of each partition at or after a time.
   * Without `types`, on every topic the group has committed offsets on.
   */
  async resetGroup(group: string, to: ReplayFrom, types: readonly string[] = []): Promise<void> {
    if (to !== 'beginning' && 'after' in to) {
      throw new Error('Kafka has no single log position (offsets are per partition): replay from a time, or use the kafka-consumer-groups tool for offsets per partition');
    }
    const admin = await this.getAdmin();
    // Without types (the replay command does not know a group's handlers): the topics it has offsets on.
    const topics = types.length ? new Set(types.map(kafkaTopicOf)) : new Set((await admin.fetchOffsets({ groupId: group })).map((t) => t.topic));
    for (const topic of topics) {
      if (to === 'beginning') {
        await admin.resetOffsets({ groupId: group, topic, earliest: true });
      } else {
        const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, to.at.getTime());
        await admin.setOffsets({ groupId: group, topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: p.offset })) });
      }
    }
  }

  async lag(group: string, types: readonly string[]): Promise<ConsumerLag> {
    const admin = await this.getAdmin();
    const topics = [...new Set(types.map(kafkaTopicOf))];
    const committed = await admin.fetchOffsets({ groupId: group, topics });
    let lag = 0;
    let head = 0n;
    let done = 0n;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const high = BigInt(end.high);
        const low = BigInt(end.low);
        const at = BigInt(mine.find((p) => p.partition === end.partition)?.offset ?? '-1');
        const from = at < low ? low : at;
        lag += Number(high - from);
        head += high;
        done += from;
      }
    }
    return { group, lag, committed: done.toString(), head: head.toString() };
  }

  /** Reads the group's dead-letter topic from the beginning (operations and tests). */
  async deadLetters(group: string): Promise<DeadLetter[]> {
    const topic = deadLetterTopicOf(group);
    await this.ensureTopics([topic]);
    const admin = await this.getAdmin();
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]));
    const letters: DeadLetter[] = [];
    if (remaining.size === 0) return letters;
    const reader = this.kafka.consumer({ groupId: `${group}.dead-letter-reader.${Date.now()}`, allowAutoTopicCreation: false });
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), 30_000);
      void reader
        .run({
          eachMessage: async ({ partition, message }) => {
            const h = message.headers ?? {};
            letters.push({
              group,
              eventId: String(h['event-id'] ?? ''),
              type: String(h['type'] ?? ''),
              attempts: Number(String(h['attempts'] ?? '0')),
              error: String(h['error'] ?? ''),
              envelope: JSON.parse(String(message.value)),
              failedAt: new Date(Number(message.timestamp)).toISOString(),
            });
            if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await reader.disconnect();
    return letters;
  }

  async health(): Promise<HealthReport> {
    try {
      const admin = await this.getAdmin();
      const cluster = await Promise.race([
        admin.describeCluster(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2000 ms')), 2_000)),
      ]);
      return { status: 'up', details: { transport: this.kind, brokers: cluster.brokers.length, subscriptions: this.consumers.size } };
    } catch (error) {
      return { status: 'down', details: { transport: this.kind, error: (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.close()));
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.producer = undefined;
    this.admin = undefined;
  }
}

class KafkaSubscription implements Subscription {
  readonly group: string;
  private closing = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly producer: () => Promise<Producer>,
    private readonly onError: ((error: unknown, context: string) => void) | undefined,
    private readonly onClosed: () => void,
  ) {
    this.group = options.group;
  }

  async start(topics: string[]): Promise<void> {
    const wanted = new Set(this.options.types);
    const maxBatch = this.options.maxBatch ?? 100;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let i = 0; i < batch.messages.length && isRunning() && !isStale(); i += maxBatch) {
          const chunk = batch.messages.slice(i, i + maxBatch);
          const selected = chunk.flatMap((message, index) =>
            wanted.has(String(message.headers?.['type'] ?? '')) ? [{ index, envelope: JSON.parse(String(message.value)) as EventEnvelope }] : [],
          );
          let settled = selected.length;
          try {
            await deliverBatch(
              selected.map((s) => s.envelope),
              this.options,
              {
                closing: () => this.closing || !isRunning(),
                backoff: async (ms) => {
                  await new Promise((resolve) => setTimeout(resolve, ms));
                  await heartbeat();
                },
                deadLetter: (envelope, error, attempts) => this.deadLetter(envelope, error, attempts),
              },
            );
          } catch (error) {
            if (!(error instanceof DeliveryInterrupted)) throw error;
            settled = error.settled;
          }
          // Offsets are committed only once the effect is committed: a crash before means redelivery.
          const lastIndex = settled < selected.length ? selected[settled]!.index - 1 : chunk.length - 1;
          if (lastIndex >= 0) {
            const last = chunk[lastIndex]!;
            await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
            resolveOffset(last.offset);
          }
          if (settled < selected.length) return;
          await heartbeat();
        }
      },
    });
  }

  private async deadLetter(envelope: EventEnvelope, error: unknown, attempts: number): Promise<void> {
    this.onError?.(error, `consumer ${this.group}: event ${envelope.id} dead-lettered after ${attempts} attempt(s)`);
    const producer = await this.producer();
    await producer.send({
      topic: deadLetterTopicOf(this.group),
      acks: -1,
      messages: [
        {
          key: envelope.aggregateId,
          value: JSON.stringify(envelope),
          headers: { type: envelope.type, 'event-id': envelope.id, attempts: String(attempts), error: String((error as Error)?.message ?? error).slice(0, 2000) },
        },
      ],
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.consumer.disconnect();
    this.onClosed();
  }
}
