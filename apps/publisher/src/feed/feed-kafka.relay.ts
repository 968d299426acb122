import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { KafkaTransport, type EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import { FeedSignal } from './feed-signal.js';
import { recordTexts } from './feed.queries.js';

/** The Kafka topic of the feed: every record, keyed by entity (`<type>:<id>`), so each entity's versions keep their order. */
export const FEED_TOPIC = 'authentic-source.changes.v1';
const BATCH = 500;

/**
 * With EVENT_BUS=kafka, produces every feed record to FEED_TOPIC, in sequence order, after the
 * position kept in `feed_relay_position` (locked while a batch is produced, so one instance relays
 * at a time). A crash between the produce and the commit produces the last batch again: consumers
 * deduplicate on `seq` (the value is the feed record, as `GET /feed` returns it).
 */
@Injectable()
export class FeedKafkaRelay implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('FeedKafkaRelay');
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly signal: FeedSignal,
  ) {}

  onModuleInit(): void {
    if (this.transport instanceof KafkaTransport) this.signal.onAppend(() => this.wake());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, `relay to ${FEED_TOPIC} failed; retrying on the next tick`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.relayBatch()) > 0);
  }

  /** Produces the next records after the relay's position; returns how many (0: none, or another instance holds the position). */
  private async relayBatch(): Promise<number> {
    const kafka = this.transport as KafkaTransport;
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`insert into feed_relay_position (name, position, updated_at) values (?, 0, now()) on conflict (name) do nothing`, [FEED_TOPIC]);
      const [relay] = await em.execute<Array<{ position: string }>>(`select position::text as position from feed_relay_position where name = ? for update skip locked`, [FEED_TOPIC]);
      if (!relay) return 0;
      const records = await recordTexts(em, relay.position, [], BATCH);
      if (records.length === 0) return 0;
      await kafka.produce(
        FEED_TOPIC,
        records.map((r) => ({ key: `${r.entityType}:${r.entityId}`, value: r.json, headers: { seq: r.seq, 'entity-type': r.entityType, operation: r.operation } })),
      );
      await em.execute(`update feed_relay_position set position = ?, updated_at = now() where name = ?`, [records.at(-1)!.seq, FEED_TOPIC]);
      return records.length;
    });
  }
}
