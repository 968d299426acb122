import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { describeWhenEnv } from '@care/testing';

const CLI = fileURLToPath(new URL('./events-topics.cli.js', import.meta.url));

// The command the Kubernetes job `care-kafka-topics` runs, on a real cluster (none can run here).
describeWhenEnv('KAFKA_BROKERS', 'Kafka topic bootstrap command', (brokers) => {
  const admin = new kafkajs.Kafka({ clientId: 'topics-test', brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  const group = `topics-test-${randomBytes(3).toString('hex')}`;
  const extra = `${group}.extra.v1`;
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [`${group}.dead-letter.v1`, extra] }).catch(() => undefined);
    await admin.disconnect();
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, '--group', group, '--topic', extra, ...args], {
      encoding: 'utf8',
      env: { ...process.env, KAFKA_TOPIC_PARTITIONS: '2', KAFKA_REPLICATION_FACTOR: '1' },
    });

  it('creates every stream topic, the group’s dead-letter topic and extra topics with the configured partitions, idempotently', async () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`created ${group}\\.dead-letter\\.v1: 2 partition`));
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`exists  ${extra}: 2 partition`));
    const topics = await admin.listTopics();
    expect(topics).toEqual(
      expect.arrayContaining([
        'organisations.site.v1',
        'care-providers.practice.v1',
        'agrements.holding.v1',
        `${group}.dead-letter.v1`,
        extra,
      ]),
    );
    const raised = spawnSync(process.execPath, [CLI, '--group', group, '--topic', extra, '--add-partitions'], {
      encoding: 'utf8',
      env: { ...process.env, KAFKA_TOPIC_PARTITIONS: '3', KAFKA_REPLICATION_FACTOR: '1' },
    });
    expect(raised.status).toBe(0);
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [extra] });
    expect(metadata[0]!.partitions).toHaveLength(3);
  });
});
