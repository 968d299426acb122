import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { gauge, totalsCounter } from '@care/service-kit';
import { PUBLISHER_CONFIG, type PublisherConfig } from '../config/publisher.config.js';
import { FeedSignal } from '../feed/feed-signal.js';
import { recordTexts } from '../feed/feed.queries.js';
import type { DeliveryOutcome } from '../persistence/entities/webhook.entities.js';
import { SecretBox } from './secret-box.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import { post } from './webhook-target.js';

interface DueSubscription {
  id: string;
  url: string;
  entity_types: string[];
  secret: string;
  previous_secret: string | null;
  previous_secret_current: boolean;
  position: string;
  attempts: number;
}

const LOG_RETENTION_DAYS = 30;

/**
 * Pushes the feed to webhook subscriptions. Each delivery is one transaction that locks the
 * subscription's row (`for update skip locked`), POSTs the next records after its position, and
 * records the outcome: deliveries of one subscription are strictly ordered and never made by two
 * instances at once, while other subscriptions are served in parallel (WEBHOOK_CONCURRENCY
 * workers per instance). A failure is retried with exponential backoff; after WEBHOOK_MAX_ATTEMPTS
 * the records are dead-lettered (logged, position moves on) and can be replayed. A crash between
 * the receiver's 2xx and the commit makes the same records go again: receivers deduplicate on `seq`.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly workers = new Set<Promise<void>>();
  private pending = false;
  private stopped = false;
  private lastCleanup = 0;
  /** Attempts per subscription since start, for the counters. */
  private readonly totals = new Map<string, Record<DeliveryOutcome, number>>();

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(PUBLISHER_CONFIG) private readonly config: PublisherConfig,
    private readonly box: SecretBox,
    private readonly signal: FeedSignal,
  ) {}

  onModuleInit(): void {
    this.signal.onAppend(() => this.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.resealStaleSecrets();
    this.registerMetrics();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  /** Starts workers up to the configured concurrency; busy ones look again before they stop. */
  wake(): void {
    if (this.stopped) return;
    this.pending = true;
    while (this.workers.size < this.config.WEBHOOK_CONCURRENCY) {
      const worker: Promise<void> = this.work().finally(() => this.workers.delete(worker));
      this.workers.add(worker);
    }
  }

  private async work(): Promise<void> {
    try {
      let delivered = true;
      while (!this.stopped && (delivered || this.pending)) {
        this.pending = false;
        delivered = await this.deliverNext();
      }
      await this.cleanup();
    } catch (error) {
      this.logger.error({ err: error }, 'webhook delivery failed; retrying on the next tick');
    }
  }

  /** One delivery to the subscription that is due first; false when none is due. */
  private async deliverNext(): Promise<boolean> {
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const [subscription] = await em.execute<DueSubscription[]>(
        `select id, url, entity_types, secret, previous_secret, coalesce(previous_secret_until > now(), false) as previous_secret_current, position::text as position, attempts
         from webhook_subscription s
         where next_attempt_at <= now()
           and exists (select 1 from feed_record r where r.seq > s.position and r.entity_type in (select jsonb_array_elements_text(s.entity_types)))
         order by next_attempt_at
         limit 1
         for update skip locked`,
      );
      if (!subscription) return null;
      return { subscription: subscription.id, outcome: await this.deliver(em, subscription) };
    });
    if (!outcome) return false;
    const totals = this.totals.get(outcome.subscription) ?? { delivered: 0, failed: 0, 'dead-lettered': 0 };
    totals[outcome.outcome]++;
    this.totals.set(outcome.subscription, totals);
    return true;
  }

  private async deliver(em: EntityManager, subscription: DueSubscription): Promise<DeliveryOutcome> {
    const records = await recordTexts(em, subscription.position, subscription.entity_types, this.config.WEBHOOK_BATCH_SIZE);
    const fromSeq = records[0]!.seq;
    const toSeq = records.at(-1)!.seq;
    const body = `{"subscriptionId":${JSON.stringify(subscription.id)},"records":[${records.map((r) => r.json).join(',')}]}`;
    // A secret this instance cannot open (sealed with a newer key during a key rotation) is not
    // the endpoint's failure: the error rolls back, no attempt is counted, an up-to-date instance delivers.
    const secrets = [this.box.open(subscription.secret), ...(subscription.previous_secret && subscription.previous_secret_current ? [this.box.open(subscription.previous_secret)] : [])];
    const result = await post(
      subscription.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'SocialBrusselsCARE-Webhooks/1',
        'care-webhook-id': subscription.id,
        'care-delivery': `${fromSeq}-${toSeq}`,
        [SIGNATURE_HEADER]: signatureHeader(body, secrets),
      },
      { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS },
    );
    const attempt = subscription.attempts + 1;
    const outcome: DeliveryOutcome = result.ok ? 'delivered' : attempt >= this.config.WEBHOOK_MAX_ATTEMPTS ? 'dead-lettered' : 'failed';
    if (outcome === 'failed') {
      const delay = Math.min(this.config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempt - 1), this.config.WEBHOOK_RETRY_MAX_MS);
      await em.execute(`update webhook_subscription set attempts = ?, next_attempt_at = now() + make_interval(secs => ?), last_error = ? where id = ?`, [attempt, delay / 1_000, result.error, subscription.id]);
    } else {
      await em.execute(
        `update webhook_subscription set position = ?, attempts = 0, next_attempt_at = now(), last_error = ?, last_delivered_at = case when ? then now() else last_delivered_at end where id = ?`,
        [toSeq, result.error, result.ok, subscription.id],
      );
    }
    await em.execute(
      `insert into webhook_delivery (subscription_id, from_seq, to_seq, records, attempt, outcome, status_code, error, duration_ms, attempted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [subscription.id, fromSeq, toSeq, records.length, attempt, outcome, result.statusCode, result.error?.slice(0, 1_000) ?? null, result.durationMs],
    );
    if (outcome === 'dead-lettered') this.logger.warn(`subscription ${subscription.id}: records ${fromSeq}..${toSeq} dead-lettered after ${attempt} attempts (${result.error})`);
    return outcome;
  }

  /** After a key rotation (WEBHOOK_SECRET_KEY_PREVIOUS set), secrets sealed with the old key are sealed again with the new one. */
  private async resealStaleSecrets(): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<Array<{ id: string; secret: string; previous_secret: string | null }>>(`select id, secret, previous_secret from webhook_subscription for update`);
      for (const row of rows) {
        const stale = this.box.isStale(row.secret) || (row.previous_secret !== null && this.box.isStale(row.previous_secret));
        if (!stale) continue;
        await em.execute(`update webhook_subscription set secret = ?, previous_secret = ? where id = ?`, [
          this.box.seal(this.box.open(row.secret)),
          row.previous_secret === null ? null : this.box.seal(this.box.open(row.previous_secret)),
          row.id,
        ]);
      }
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await this.orm.em.fork().execute(`delete from webhook_delivery where attempted_at < now() - make_interval(days => ?)`, [LOG_RETENTION_DAYS]);
  }

  private registerMetrics(): void {
    const totals = this.totals;
    totalsCounter(
      { name: 'care_webhook_deliveries_total', help: 'Webhook delivery attempts per subscription: delivered, failed (retried), dead_lettered', labelNames: ['subscription', 'outcome'] },
      () =>
        [...totals].flatMap(([subscription, t]) => [
          { labels: { subscription, outcome: 'delivered' }, value: t.delivered },
          { labels: { subscription, outcome: 'failed' }, value: t.failed },
          { labels: { subscription, outcome: 'dead_lettered' }, value: t['dead-lettered'] },
        ]),
    );
    totalsCounter({ name: 'care_webhook_delivery_failures_total', help: 'Failed webhook delivery attempts per subscription (retried or dead-lettered)', labelNames: ['subscription'] }, () =>
      [...totals].map(([subscription, t]) => ({ labels: { subscription }, value: t.failed + t['dead-lettered'] })),
    );
    const orm = this.orm;
    gauge({
      name: 'care_webhook_backlog',
      help: 'Feed records of its entity types not yet delivered, per subscription',
      labelNames: ['subscription'],
      async collect() {
        const rows = await orm.em.fork().execute<Array<{ id: string; backlog: number }>>(
          `select s.id, (select count(*) from feed_record r where r.seq > s.position and r.entity_type in (select jsonb_array_elements_text(s.entity_types)))::int as backlog from webhook_subscription s`,
        );
        this.reset();
        for (const row of rows) this.set({ subscription: row.id }, row.backlog);
      },
    });
  }
}
