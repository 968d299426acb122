import { defineEntity, p } from '@mikro-orm/core';
import { PUBLIC_ENTITY_TYPES, type PublicEntityType } from '@care/contracts';

export const ENTITY_TYPES = PUBLIC_ENTITY_TYPES;
export type EntityType = PublicEntityType;

/**
 * One published change, immutable: the `seq`-th record of the authentic-source feed. Sequence
 * numbers are gapless and strictly increasing; `hash` chains every record to its predecessor.
 */
export class FeedRecord {
  seq!: string;
  entityType!: EntityType;
  entityId!: string;
  /** 1, 2, … per entity. */
  version!: number;
  operation!: 'upsert' | 'delete';
  /** When the change happened at the source (the event's occurredAt): the version is valid from then. */
  validFrom!: Date;
  recordedAt!: Date;
  eventId!: string;
  eventType!: string;
  contentHash!: string;
  prevHash!: string;
  hash!: string;
  /**
   * The record exactly as the feed, webhooks and the Kafka topic serve it: the fields above and the
   * public contract of the entity as `payload` (null for a deletion: a tombstone).
   */
  record!: unknown;
}

export const FeedRecordEntity = defineEntity({
  class: FeedRecord,
  tableName: 'feed_record',
  properties: {
    seq: p.bigint('string').primary().autoincrement(false),
    entityType: p.text(),
    entityId: p.text(),
    version: p.integer(),
    operation: p.text(),
    validFrom: p.datetime(),
    recordedAt: p.datetime(),
    eventId: p.uuid(),
    eventType: p.text(),
    contentHash: p.text(),
    prevHash: p.text(),
    hash: p.text(),
    // `json`, written once at append time: PostgreSQL outputs `json` as stored, so serving the feed
    // is reading text (no conversion from `jsonb`, no JSON built per read).
    record: p.json<unknown>().columnType('json'),
  },
  uniques: [{ name: 'feed_record_entity_version_unique', properties: ['entityType', 'entityId', 'version'] }],
  indexes: [{ name: 'feed_record_entity_valid_from_index', properties: ['entityType', 'entityId', 'validFrom'] }],
});

/** The latest version of each entity: what exports and the HSDS API read, and what deduplicates. */
export class EntityHead {
  entityType!: EntityType;
  entityId!: string;
  version!: number;
  seq!: string;
  deleted!: boolean;
  contentHash!: string;
  /** Aggregate version of the last applied event: an older one is stale and changes nothing. */
  sourceVersion!: number;
  payload!: unknown | null;
  validFrom!: Date;
}

export const EntityHeadEntity = defineEntity({
  class: EntityHead,
  tableName: 'entity_head',
  properties: {
    entityType: p.text().primary(),
    entityId: p.text().primary(),
    version: p.integer(),
    seq: p.bigint('string'),
    deleted: p.boolean(),
    contentHash: p.text(),
    sourceVersion: p.integer(),
    payload: p.json<unknown>().nullable(),
    validFrom: p.datetime(),
  },
  indexes: [{ name: 'entity_head_type_seq_index', properties: ['entityType', 'seq'] }],
});

/** The head of the feed: last sequence number and hash (one row, locked while appending). */
export class FeedHead {
  id!: number;
  seq!: string;
  hash!: string;
}

export const FeedHeadEntity = defineEntity({
  class: FeedHead,
  tableName: 'feed_head',
  properties: {
    id: p.integer().primary().autoincrement(false),
    seq: p.bigint('string'),
    hash: p.text(),
  },
});

/** How far a relay of the feed to another system (the Kafka topic) has gone: the last sequence number it handed over. */
export class FeedRelayPosition {
  name!: string;
  position!: string;
  updatedAt!: Date;
}

export const FeedRelayPositionEntity = defineEntity({
  class: FeedRelayPosition,
  tableName: 'feed_relay_position',
  properties: {
    name: p.text().primary(),
    position: p.bigint('string'),
    updatedAt: p.datetime(),
  },
});

export const FEED_ENTITIES = [FeedRecordEntity, EntityHeadEntity, FeedHeadEntity, FeedRelayPositionEntity];
