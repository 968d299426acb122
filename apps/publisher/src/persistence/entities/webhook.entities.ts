import { defineEntity, p } from '@mikro-orm/core';
import type { EntityType } from './feed.entities.js';

/**
 * An integrator's webhook: the feed records of some entity types, pushed in sequence order to its
 * URL. `position` is the last sequence number handled (delivered or dead-lettered): delivery state
 * lives here, not in memory, so it survives restarts and is shared by every instance.
 */
export class WebhookSubscription {
  id!: string;
  /** The machine client (or staff member) that registered it; it alone (and admins) manages it. */
  owner!: string;
  url!: string;
  entityTypes!: EntityType[];
  /** The signing secret, encrypted (see secret-box.ts). */
  secret!: string;
  /** The secret before the last rotation: deliveries are signed with both until `previousSecretUntil`. */
  previousSecret!: string | null;
  previousSecretUntil!: Date | null;
  position!: string;
  /** Failed attempts of the delivery waiting at `position` (0 when the last one succeeded). */
  attempts!: number;
  nextAttemptAt!: Date;
  lastError!: string | null;
  lastDeliveredAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const WebhookSubscriptionEntity = defineEntity({
  class: WebhookSubscription,
  tableName: 'webhook_subscription',
  properties: {
    id: p.uuid().primary(),
    owner: p.text(),
    url: p.text(),
    entityTypes: p.json<EntityType[]>(),
    secret: p.text(),
    previousSecret: p.text().nullable(),
    previousSecretUntil: p.datetime().nullable(),
    position: p.bigint('string'),
    attempts: p.integer(),
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    lastDeliveredAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { name: 'webhook_subscription_owner_index', properties: ['owner'] },
    { name: 'webhook_subscription_next_attempt_index', properties: ['nextAttemptAt'] },
  ],
});

export const DELIVERY_OUTCOMES = ['delivered', 'failed', 'dead-lettered'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One attempt to deliver records `fromSeq`..`toSeq` to a subscription: the delivery log, and the dead letters. */
export class WebhookDelivery {
  id!: string;
  subscriptionId!: string;
  fromSeq!: string;
  toSeq!: string;
  records!: number;
  attempt!: number;
  outcome!: DeliveryOutcome;
  statusCode!: number | null;
  error!: string | null;
  durationMs!: number;
  attemptedAt!: Date;
}

export const WebhookDeliveryEntity = defineEntity({
  class: WebhookDelivery,
  tableName: 'webhook_delivery',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    subscriptionId: p.uuid(),
    fromSeq: p.bigint('string'),
    toSeq: p.bigint('string'),
    records: p.integer(),
    attempt: p.integer(),
    outcome: p.text(),
    statusCode: p.integer().nullable(),
    error: p.text().nullable(),
    durationMs: p.integer(),
    attemptedAt: p.datetime(),
  },
  indexes: [{ name: 'webhook_delivery_subscription_index', properties: ['subscriptionId', 'id'] }],
});

export const WEBHOOK_ENTITIES = [WebhookSubscriptionEntity, WebhookDeliveryEntity];
