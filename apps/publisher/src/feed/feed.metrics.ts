import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { gauge } from '@care/service-kit';
import { FeedQueries } from './feed.queries.js';

/** `care_feed_head_sequence`: the alert CareFeedStalled watches it move while events are applied. */
@Injectable()
export class FeedMetrics implements OnApplicationBootstrap {
  constructor(private readonly queries: FeedQueries) {}

  onApplicationBootstrap(): void {
    const queries = this.queries;
    gauge({
      name: 'care_feed_head_sequence',
      help: 'Sequence number of the last record of the authentic-source feed',
      async collect() {
        this.set(Number((await queries.head()).seq));
      },
    });
  }
}
