import { fileURLToPath } from 'node:url';
import { describeWhenEnv } from '@care/testing';
import { transportContract } from '../../testing/transport-contract.js';
import { KafkaTransport } from './kafka-transport.js';

describeWhenEnv('KAFKA_BROKERS', 'kafka transport (kafkajs)', (brokers) => {
  transportContract(
    'kafka',
    async () => ({
      open: () =>
        new KafkaTransport({ brokers: brokers.split(','), clientId: 'care-contract', createTopics: true, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 6_000 }),
      childEnv: { EVENT_BUS: 'kafka', KAFKA_BROKERS: brokers, KAFKA_SESSION_TIMEOUT_MS: '6000' },
    }),
    fileURLToPath(new URL('../../testing/consumer-process.js', import.meta.url)),
  );
});
