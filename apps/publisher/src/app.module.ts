import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import { PUBLISHER_CONFIG, type PublisherConfig } from './config/publisher.config.js';
import { ExportsController } from './exports/exports.controller.js';
import { ExportsService } from './exports/exports.service.js';
import { FeedKafkaRelay } from './feed/feed-kafka.relay.js';
import { FeedSignal } from './feed/feed-signal.js';
import { FeedConsumer } from './feed/feed.consumer.js';
import { FeedController } from './feed/feed.controller.js';
import { FeedMetrics } from './feed/feed.metrics.js';
import { FeedQueries } from './feed/feed.queries.js';
import { HsdsController } from './hsds/hsds.controller.js';
import { HsdsQueries } from './hsds/hsds.queries.js';
import { PUBLISHER_DATABASE } from './persistence/publisher.database.js';
import { SecretBox } from './webhooks/secret-box.js';
import { WebhookDispatcher } from './webhooks/webhook-delivery.service.js';
import { WebhookSubscriptions } from './webhooks/webhook-subscriptions.service.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

@Module({})
export class AppModule {
  static register(config: PublisherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: PUBLISHER_DATABASE, config, publishesEvents: true })],
      controllers: [FeedController, ExportsController, HsdsController, WebhooksController],
      providers: [
        { provide: PUBLISHER_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.WEBHOOK_SECRET_KEY, config.WEBHOOK_SECRET_KEY_PREVIOUS) },
        FeedQueries,
        FeedConsumer,
        FeedMetrics,
        FeedSignal,
        FeedKafkaRelay,
        ExportsService,
        HsdsQueries,
        WebhookDispatcher,
        WebhookSubscriptions,
      ],
    };
  }
}
