import kafkajs from 'kafkajs';
import { SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1 } from '@care/contracts';
import { envelopeFor, generatedSite } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { describeWhenEnv, seededRandom, waitFor } from '@care/testing';
import { startPublisherService } from '../testing/publisher-service.js';
import { FEED_TOPIC } from './feed-kafka.relay.js';
import type { PublishedRecord } from './feed.queries.js';

describeWhenEnv('KAFKA_BROKERS', `publisher feed on Kafka (${FEED_TOPIC})`, (brokers) => {
  let svc: ServiceUnderTest;

  beforeAll(async () => {
    svc = await startPublisherService('feed_kafka', {
      EVENT_BUS: 'kafka',
      KAFKA_BROKERS: brokers,
      KAFKA_CREATE_TOPICS: 'true',
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_REPLICATION_FACTOR: '1',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
  }, 120_000);
  afterAll(() => svc?.close());

  it('produces every feed record to the topic, keyed by entity, each entity’s versions in order', async () => {
    const random = seededRandom(Date.now() % 1_000_000);
    // Ids unique to this run: the topic keeps what earlier runs produced.
    const [a, b] = [100_000 + Math.floor(random() * 800_000), 900_000 + Math.floor(random() * 90_000)];
    const bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    await bus.publish([
      envelopeFor(SitePublishedV1, String(a), 1, generatedSite(a, random)),
      envelopeFor(SitePublishedV1, String(b), 1, generatedSite(b, random)),
      envelopeFor(SiteUpdatedV1, String(a), 2, generatedSite(a, random, null, 1)),
      envelopeFor(SiteUnpublishedV1, String(b), 2, { id: b, reason: 'archived' }),
    ]);
    await waitFor(async () => (await svc.request('GET', '/feed?limit=10')).body.head === '4', 60_000, 'four records');
    const records: PublishedRecord[] = (await svc.request('GET', '/feed?limit=10')).body.records;
    const hashes = new Set(records.map((r) => r.hash));

    const kafka = new kafkajs.Kafka({ brokers: brokers.split(','), clientId: 'care-feed-topic-test', logLevel: kafkajs.logLevel.WARN });
    const consumer = kafka.consumer({ groupId: `care-feed-topic-test-${Date.now()}` });
    const received: Array<{ key: string; record: PublishedRecord; headers: Record<string, string> }> = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [FEED_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const record = JSON.parse(String(message.value)) as PublishedRecord;
        if (!hashes.has(record.hash)) return; // another run's records
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        received.push({ key: String(message.key), record, headers });
      },
    });
    try {
      await waitFor(async () => new Set(received.map((r) => r.record.seq)).size === records.length, 60_000, 'every record on the topic');
    } finally {
      await consumer.disconnect();
    }
    for (const record of records) {
      const copy = received.find((r) => r.record.seq === record.seq)!;
      expect(copy.key).toBe(`${record.entityType}:${record.entityId}`);
      expect(copy.record).toEqual(record);
      expect(copy.headers).toMatchObject({ seq: record.seq, 'entity-type': 'site', operation: record.operation });
    }
    for (const key of [`site:${a}`, `site:${b}`]) expect(received.filter((r) => r.key === key).map((r) => r.record.version)).toEqual([1, 2]);
  });
});
