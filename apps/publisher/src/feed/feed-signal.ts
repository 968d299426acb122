import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { PUBLISHER_CONFIG, type PublisherConfig } from '../config/publisher.config.js';

/** Safety net when a notification is missed (a dropped LISTEN connection), and the pace of retries. */
export const FEED_POLL_MS = 1_000;

/**
 * Tells the feed's readers (webhook deliveries, the Kafka relay) that records were appended: one
 * LISTEN connection on `care_feed` (notified by the projection at commit), plus a tick every
 * FEED_POLL_MS so that retries come due and a missed notification costs at most that.
 */
@Injectable()
export class FeedSignal implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FeedSignal');
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(PUBLISHER_CONFIG) private readonly config: PublisherConfig) {}

  onAppend(listener: () => void): void {
    this.listeners.add(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.listeners.size === 0) return;
    this.client = new pg.Client({ connectionString: this.config.DATABASE_URL, application_name: 'care-publisher-feed-signal' });
    this.client.on('error', (error) => this.logger.warn(`listen connection lost: ${error.message}; polling every ${FEED_POLL_MS} ms`));
    this.client.on('notification', () => this.notify());
    await this.client.connect();
    await this.client.query('listen care_feed');
    this.timer = setInterval(() => this.notify(), FEED_POLL_MS);
    this.notify();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.listeners.clear();
    await this.client?.end().catch(() => undefined);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
