import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@care/testing';
import { transportContract } from '../../testing/transport-contract.js';
import { EVENT_BUS_DATABASE } from './event-bus.database.js';
import { PostgresEventLog } from './postgres-event-log.js';

let bus: TestDatabase;
afterAll(() => bus?.drop());

transportContract(
  'postgres',
  async () => {
    bus = await createTestDatabase('bus', EVENT_BUS_DATABASE);
    return {
      open: () => new PostgresEventLog({ url: bus.url, idlePollMs: 5_000 }),
      childEnv: { EVENT_BUS: 'postgres', EVENT_BUS_DATABASE_URL: bus.url },
    };
  },
  fileURLToPath(new URL('../../testing/consumer-process.js', import.meta.url)),
);
