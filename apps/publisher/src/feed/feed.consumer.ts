import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventConsumers } from '@care/service-kit';
import { FEED_GROUP, registerFeedProjection } from './feed.projection.js';

/** Appends every public change of the domain services to the feed. */
@Injectable()
export class FeedConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    registerFeedProjection(this.consumers.group(FEED_GROUP));
  }
}
