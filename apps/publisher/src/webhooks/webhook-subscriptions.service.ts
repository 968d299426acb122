import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { NotFoundError, ValidationError } from '@care/kernel';
import { PUBLISHER_CONFIG, type PublisherConfig } from '../config/publisher.config.js';
import { iso } from '../feed/feed.queries.js';
import { SecretBox } from './secret-box.js';
import { WebhookDispatcher } from './webhook-delivery.service.js';
import { isPrivateAddress } from './webhook-target.js';
import type { DeliveriesQuery, WebhookInput, WebhookUpdate, WebhookView } from './webhooks.views.js';

/** Who manages subscriptions: a machine client (`x-care-client`) its own, an admin every one. */
export interface WebhookCaller {
  owner: string;
  admin: boolean;
}

const LABEL = { fr: 'Abonnement webhook', nl: 'Webhook-abonnement' };

const COLUMNS = `s.id, s.owner, s.url, s.entity_types as "entityTypes", s.position::text as position, s.attempts, s.next_attempt_at as "nextAttemptAt",
  s.last_error as "lastError", s.last_delivered_at as "lastDeliveredAt", s.previous_secret_until as "previousSecretUntil", s.created_at as "createdAt", s.updated_at as "updatedAt",
  (select count(*) from feed_record r where r.seq > s.position and r.entity_type in (select jsonb_array_elements_text(s.entity_types)))::int as backlog`;

const nullableIso = (value: unknown) => (value === null || value === undefined ? null : iso(value));
const toView = (row: Record<string, unknown>): WebhookView =>
  ({
    ...row,
    nextAttemptAt: iso(row['nextAttemptAt']),
    lastDeliveredAt: nullableIso(row['lastDeliveredAt']),
    previousSecretUntil: nullableIso(row['previousSecretUntil']),
    createdAt: iso(row['createdAt']),
    updatedAt: iso(row['updatedAt']),
  }) as WebhookView;

/** Webhook subscriptions of integrators: registration, changes, secret rotation, replay, delivery log. */
@Injectable()
export class WebhookSubscriptions {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(PUBLISHER_CONFIG) private readonly config: PublisherConfig,
    private readonly box: SecretBox,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async list(caller: WebhookCaller): Promise<WebhookView[]> {
    const rows = await this.orm.em.fork().execute<Array<Record<string, unknown>>>(`select ${COLUMNS} from webhook_subscription s where ? or s.owner = ? order by s.created_at, s.id`, [caller.admin, caller.owner]);
    return rows.map(toView);
  }

  async get(caller: WebhookCaller, id: string, em: EntityManager = this.orm.em.fork()): Promise<WebhookView> {
    const [row] = await em.execute<Array<Record<string, unknown>>>(`select ${COLUMNS} from webhook_subscription s where s.id = ? and (? or s.owner = ?)`, [id, caller.admin, caller.owner]);
    if (!row) throw new NotFoundError(LABEL, id);
    return toView(row);
  }

  async create(caller: WebhookCaller, input: WebhookInput): Promise<WebhookView> {
    this.checkUrl(input.url);
    const id = uuidv7();
    const view = await this.orm.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into webhook_subscription (id, owner, url, entity_types, secret, position, attempts, next_attempt_at, created_at, updated_at)
         values (?, ?, ?, ?::jsonb, ?, coalesce(?::bigint, (select seq from feed_head where id = 1)), 0, now(), now(), now())`,
        [id, caller.owner, input.url, JSON.stringify(input.entityTypes), this.box.seal(input.secret), input.fromSeq === undefined ? null : input.fromSeq - 1],
      );
      return this.get(caller, id, em);
    });
    this.dispatcher.wake();
    return view;
  }

  async update(caller: WebhookCaller, id: string, input: WebhookUpdate): Promise<WebhookView> {
    this.checkUrl(input.url);
    return this.orm.em.fork().transactional(async (em) => {
      await this.get(caller, id, em);
      // A new secret: the current one keeps signing next to it for the overlap, then is dropped.
      const rotation = input.secret ? `, previous_secret = secret, previous_secret_until = now() + make_interval(hours => ?), secret = ?` : '';
      await em.execute(`update webhook_subscription set url = ?, entity_types = ?::jsonb, updated_at = now()${rotation} where id = ?`, [
        input.url,
        JSON.stringify(input.entityTypes),
        ...(input.secret ? [this.config.WEBHOOK_SECRET_OVERLAP_HOURS, this.box.seal(input.secret)] : []),
        id,
      ]);
      return this.get(caller, id, em);
    });
  }

  async remove(caller: WebhookCaller, id: string): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await this.get(caller, id, em);
      await em.execute(`delete from webhook_delivery where subscription_id = ?`, [id]);
      await em.execute(`delete from webhook_subscription where id = ?`, [id]);
    });
  }

  /** Delivers again from `fromSeq` (inclusive), whatever was delivered or dead-lettered since. */
  async replay(caller: WebhookCaller, id: string, fromSeq: number): Promise<WebhookView> {
    const view = await this.orm.em.fork().transactional(async (em) => {
      await this.get(caller, id, em);
      // Waits for a delivery in progress (it holds the row lock), so the replay is not overwritten by it.
      await em.execute(`update webhook_subscription set position = ?, attempts = 0, next_attempt_at = now(), last_error = null, updated_at = now() where id = ?`, [fromSeq - 1, id]);
      return this.get(caller, id, em);
    });
    this.dispatcher.wake();
    return view;
  }

  /** The delivery log, newest first; `outcome=dead-lettered` lists the dead letters. */
  async deliveries(caller: WebhookCaller, id: string, query: DeliveriesQuery) {
    const em = this.orm.em.fork();
    await this.get(caller, id, em);
    const filter = query.outcome ? 'and outcome = ?' : '';
    const params = query.outcome ? [id, query.outcome] : [id];
    const [{ total }] = (await em.execute(`select count(*)::int as total from webhook_delivery where subscription_id = ? ${filter}`, params)) as [{ total: number }];
    const rows = await em.execute<Array<Record<string, unknown>>>(
      `select id::text as id, from_seq::text as "fromSeq", to_seq::text as "toSeq", records, attempt, outcome, status_code as "statusCode", error, duration_ms as "durationMs", attempted_at as "attemptedAt"
       from webhook_delivery where subscription_id = ? ${filter} order by id desc limit ? offset ?`,
      [...params, query.size, (query.page - 1) * query.size],
    );
    return { total, page: query.page, size: query.size, items: rows.map((r) => ({ ...r, attemptedAt: iso(r['attemptedAt']) })) };
  }

  private checkUrl(url: string): void {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (this.config.WEBHOOK_REQUIRE_HTTPS && target.protocol !== 'https:') {
      throw new ValidationError([{ path: 'url', code: 'webhook.https_required', message: { fr: 'L’URL du webhook doit être en https', nl: 'De webhook-URL moet https gebruiken' } }]);
    }
    if (!this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS && (host === 'localhost' || (isIP(host) && isPrivateAddress(host)))) {
      throw new ValidationError([{ path: 'url', code: 'webhook.private_target', message: { fr: 'L’URL du webhook doit être publique', nl: 'De webhook-URL moet publiek zijn' } }]);
    }
  }
}
