import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { NotFoundError } from '@care/kernel';
import { ENTITY_TYPES, type EntityType } from '../persistence/entities/feed.entities.js';

export const FEED_PAGE_MAX = 1_000;

export const feedQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().positive().default(100).transform((n) => Math.min(n, FEED_PAGE_MAX)),
    types: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((t) => t.trim()) : []))
      .pipe(z.array(z.enum(ENTITY_TYPES))),
  })
  .strict();
export type FeedQuery = z.output<typeof feedQuerySchema>;

export const entityParamsSchema = z.object({ type: z.enum(ENTITY_TYPES), id: z.string().regex(/^[A-Za-z0-9:_-]{1,100}$/) });
export const asOfSchema = z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).strict();

export interface PublishedRecord {
  seq: string;
  entityType: EntityType;
  entityId: string;
  version: number;
  operation: 'upsert' | 'delete';
  validFrom: string;
  /** When the next version replaced it (null: still current). Only in entity reads and history. */
  validTo?: string | null;
  recordedAt: string;
  payload: unknown | null;
  contentHash: string;
  prevHash: string;
  hash: string;
}

const RECORD_COLUMNS = `seq::text as seq, entity_type as "entityType", entity_id as "entityId", version, operation, valid_from as "validFrom",
  recorded_at as "recordedAt", payload, content_hash as "contentHash", prev_hash as "prevHash", hash`;

// The driver returns timestamptz as text in raw queries: always answer ISO 8601.
const iso = (value: unknown) => new Date(value as string | Date).toISOString();
const toRecord = (row: Record<string, unknown>): PublishedRecord =>
  ({ ...row, validFrom: iso(row['validFrom']), recordedAt: iso(row['recordedAt']), ...(row['validTo'] !== undefined ? { validTo: row['validTo'] === null ? null : iso(row['validTo']) } : {}) }) as PublishedRecord;

/** Reads of the feed and of entity versions (current, at an instant, history). */
@Injectable()
export class FeedQueries {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async head(): Promise<{ seq: string; hash: string }> {
    const [row] = await this.orm.em.fork().execute<Array<{ seq: string; hash: string }>>(`select seq::text as seq, hash from feed_head where id = 1`);
    return row!;
  }

  /**
   * Records after `after`, in sequence order. Each carries its predecessor's hash: a reader of the
   * unfiltered feed proves it missed nothing by recomputing the chain (docs/feed.md).
   */
  async feed(query: FeedQuery) {
    const em = this.orm.em.fork();
    const rows = await em.execute<Array<Record<string, unknown>>>(
      `select ${RECORD_COLUMNS} from feed_record where seq > ? ${query.types.length ? `and entity_type in (select jsonb_array_elements_text(?::jsonb))` : ''} order by seq limit ?`,
      query.types.length ? [query.after, JSON.stringify(query.types), query.limit] : [query.after, query.limit],
    );
    const records = rows.map(toRecord);
    const head = await this.head();
    const next = records.at(-1)?.seq ?? (query.types.length ? String(query.after) : String(query.after));
    return { records, next, head: head.seq, hasMore: records.length === query.limit };
  }

  /** The entity's version valid at `asOf` (default: now): a deletion is returned as its tombstone record. */
  async entity(type: EntityType, id: string, asOf?: string): Promise<PublishedRecord> {
    const [row] = await this.orm.em.fork().execute<Array<Record<string, unknown>>>(
      `select ${RECORD_COLUMNS}, (select min(n.valid_from) from feed_record n where n.entity_type = r.entity_type and n.entity_id = r.entity_id and n.version = r.version + 1) as "validTo"
       from feed_record r where entity_type = ? and entity_id = ? and valid_from <= ? order by version desc limit 1`,
      [type, id, asOf ?? new Date().toISOString()],
    );
    if (!row) throw new NotFoundError({ fr: asOf ? `Entité ${type} (à ${asOf})` : `Entité ${type}`, nl: asOf ? `Entiteit ${type} (op ${asOf})` : `Entiteit ${type}` }, id);
    return toRecord(row);
  }

  async history(type: EntityType, id: string): Promise<PublishedRecord[]> {
    const rows = await this.orm.em.fork().execute<Array<Record<string, unknown>>>(
      `select ${RECORD_COLUMNS}, lead(valid_from) over (order by version) as "validTo" from feed_record where entity_type = ? and entity_id = ? order by version`,
      [type, id],
    );
    if (rows.length === 0) throw new NotFoundError({ fr: `Entité ${type}`, nl: `Entiteit ${type}` }, id);
    return rows.map(toRecord);
  }
}
