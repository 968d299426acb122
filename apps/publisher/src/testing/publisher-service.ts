import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadPublisherConfig } from '../config/publisher.config.js';
import { PUBLISHER_DATABASE } from '../persistence/publisher.database.js';

/** The publisher as it runs, on its own migrated test databases; feed it by publishing envelopes on its bus. */
export function startPublisherService(label: string, env: NodeJS.ProcessEnv = {}): Promise<ServiceUnderTest> {
  return startServiceUnderTest({ name: 'publisher', label, database: PUBLISHER_DATABASE, module: (e) => AppModule.register(loadPublisherConfig(e)), env });
}
