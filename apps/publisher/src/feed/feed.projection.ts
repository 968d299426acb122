import type { EntityManager } from '@mikro-orm/postgresql';
import { PUBLIC_STATE_EVENTS } from '@care/contracts';
import type { EventHandlerRegistry } from '@care/messaging';
import type { EntityType } from '../persistence/entities/feed.entities.js';
import { contentHash, recordHash } from './feed-hash.js';

export const FEED_GROUP = 'publisher.feed';

interface Change {
  entityType: EntityType;
  entityId: string;
  operation: 'upsert' | 'delete';
  payload: unknown | null;
  sourceVersion: number;
  validFrom: string;
  eventId: string;
  eventType: string;
}

interface Head {
  version: number;
  contentHash: string;
  deleted: boolean;
  sourceVersion: number;
}

/**
 * The authentic-source feed: every public change of the directory becomes the next record of a
 * gapless sequence, in the transaction that records the events in the inbox. Handlers stage the
 * changes of a batch; the batch is then appended under the feed head's row lock, so sequence
 * numbers follow commit order and no number is ever skipped or reused.
 */
export function registerFeedProjection(registry: EventHandlerRegistry): void {
  const staged = new WeakMap<EntityManager, Change[]>();
  for (const { definition, read } of PUBLIC_STATE_EVENTS) {
    registry.on(definition, async (event, em) => {
      const changes = staged.get(em) ?? [];
      staged.set(em, changes);
      const { entityType, entityId, state } = read(event);
      changes.push({
        entityType,
        entityId,
        operation: state === null ? 'delete' : 'upsert',
        payload: state,
        sourceVersion: event.aggregateVersion,
        validFrom: event.occurredAt,
        eventId: event.id,
        eventType: event.type,
      });
    });
  }
  registry.afterBatch(async (em) => {
    const changes = staged.get(em);
    staged.delete(em);
    if (changes && changes.length > 0) await append(em, changes);
  });
}

async function append(em: EntityManager, changes: Change[]): Promise<void> {
  const [head] = await em.execute<Array<{ seq: string; hash: string }>>(`select seq::text as seq, hash from feed_head where id = 1 for update`);
  let seq = BigInt(head!.seq);
  let hash = head!.hash;
  const keys = [...new Set(changes.map((c) => `${c.entityType}:${c.entityId}`))];
  const current = await em.execute<Array<{ key: string; version: number; content_hash: string; deleted: boolean; source_version: number }>>(
    `select entity_type || ':' || entity_id as key, version, content_hash, deleted, source_version from entity_head
     where entity_type || ':' || entity_id in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(keys)],
  );
  const heads = new Map<string, Head>(current.map((h) => [h.key, { version: h.version, contentHash: h.content_hash, deleted: h.deleted, sourceVersion: h.source_version }]));
  const touched = new Map<string, Head & { change: Change; seq: string | null }>();
  const records: Array<Record<string, unknown>> = [];
  const recordedAt = new Date().toISOString();
  for (const change of changes) {
    const key = `${change.entityType}:${change.entityId}`;
    const previous = touched.get(key) ?? heads.get(key);
    if (previous && change.sourceVersion <= previous.sourceVersion) continue; // stale or replayed
    const ch = contentHash(change.payload);
    const deleted = change.operation === 'delete';
    if ((previous && previous.contentHash === ch && previous.deleted === deleted) || (!previous && deleted)) {
      // Same content again (a replay with new event ids, a no-op update), or removal of something never published.
      touched.set(key, { ...(previous ?? { version: 0, contentHash: ch, deleted }), sourceVersion: change.sourceVersion, change, seq: (previous as { seq?: string | null } | undefined)?.seq ?? null });
      continue;
    }
    seq += 1n;
    const version = (previous?.version ?? 0) + 1;
    const chained = { seq: seq.toString(), entityType: change.entityType, entityId: change.entityId, version, operation: change.operation, contentHash: ch, prevHash: hash };
    hash = recordHash(chained);
    const validFrom = new Date(change.validFrom).toISOString();
    // The record as served (field order of the API), stored once.
    const record = { seq: chained.seq, entityType: change.entityType, entityId: change.entityId, version, operation: change.operation, validFrom, recordedAt, payload: change.payload, contentHash: ch, prevHash: chained.prevHash, hash };
    records.push({ ...chained, hash, validFrom, recordedAt, eventId: change.eventId, eventType: change.eventType, record });
    touched.set(key, { version, contentHash: ch, deleted, sourceVersion: change.sourceVersion, change, seq: seq.toString() });
  }
  if (records.length > 0) {
    await em.execute(
      // json_to_recordset (not jsonb_): each `record` is kept as the text it was written as.
      `insert into feed_record (seq, entity_type, entity_id, version, operation, valid_from, recorded_at, event_id, event_type, content_hash, prev_hash, hash, record)
       select r.seq, r."entityType", r."entityId", r.version, r.operation, r."validFrom", r."recordedAt", r."eventId", r."eventType", r."contentHash", r."prevHash", r.hash, r.record
       from json_to_recordset(?::json) as r(seq bigint, "entityType" text, "entityId" text, version int, operation text, "validFrom" timestamptz, "recordedAt" timestamptz,
         "eventId" uuid, "eventType" text, "contentHash" text, "prevHash" text, hash text, record json)`,
      [JSON.stringify(records)],
    );
    await em.execute(`update feed_head set seq = ?, hash = ? where id = 1`, [seq.toString(), hash]);
    await em.execute(`select pg_notify('care_feed', ?)`, [seq.toString()]);
  }
  const heads2 = [...touched.values()].filter((t) => t.version > 0);
  if (heads2.length > 0) {
    await em.execute(
      `insert into entity_head (entity_type, entity_id, version, seq, deleted, content_hash, source_version, payload, valid_from)
       select h."entityType", h."entityId", h.version, coalesce(h.seq, 0), h.deleted, h."contentHash", h."sourceVersion", h.payload, h."validFrom"
       from jsonb_to_recordset(?::jsonb) as h("entityType" text, "entityId" text, version int, seq bigint, deleted boolean, "contentHash" text, "sourceVersion" int, payload jsonb, "validFrom" timestamptz)
       on conflict (entity_type, entity_id) do update set source_version = excluded.source_version,
         version = excluded.version, seq = case when excluded.seq = 0 then entity_head.seq else excluded.seq end,
         deleted = excluded.deleted, content_hash = excluded.content_hash,
         payload = case when excluded.seq = 0 then entity_head.payload else excluded.payload end,
         valid_from = case when excluded.seq = 0 then entity_head.valid_from else excluded.valid_from end`,
      [
        JSON.stringify(
          heads2.map((t) => ({
            entityType: t.change.entityType,
            entityId: t.change.entityId,
            version: t.version,
            seq: t.seq,
            deleted: t.deleted,
            contentHash: t.contentHash,
            sourceVersion: t.sourceVersion,
            payload: t.deleted ? null : t.change.payload,
            validFrom: t.change.validFrom,
          })),
        ),
      ],
    );
  }
}
