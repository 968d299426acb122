import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@care/service-kit';
import type { PublisherConfig } from './config/publisher.config.js';
import { FeedConsumer } from './feed/feed.consumer.js';
import { FeedController } from './feed/feed.controller.js';
import { FeedQueries } from './feed/feed.queries.js';
import { PUBLISHER_DATABASE } from './persistence/publisher.database.js';

@Module({})
export class AppModule {
  static register(config: PublisherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ database: PUBLISHER_DATABASE, config, publishesEvents: true })],
      controllers: [FeedController],
      providers: [FeedQueries, FeedConsumer],
    };
  }
}
