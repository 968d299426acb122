import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { z } from 'zod';
import { NotFoundError } from '@care/kernel';
import { PUBLISHER_CONFIG, type PublisherConfig } from '../config/publisher.config.js';
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

/** A feed record as the JSON text it was stored as (`record`, json), with what routing it needs. */
export interface RecordText {
  seq: string;
  entityType: string;
  entityId: string;
  operation: string;
  json: string;
}

/**
 * Records after `after` (of `types`, or all), in sequence order, as the JSON the feed, webhook
 * deliveries and the Kafka topic carry: stored text, never parsed and re-serialised here, which
 * keeps a reader of the whole feed fast and the heap small. (`seq` is selected as text, being
 * 64-bit: order by `feed_record.seq`, a bare `seq` would sort the text.)
 */
export function recordTexts(em: EntityManager, after: string | number, types: readonly string[], limit: number): Promise<RecordText[]> {
  return em.execute<RecordText[]>(
    `select seq::text as seq, entity_type as "entityType", entity_id as "entityId", operation, record::text as json
     from feed_record
     where seq > ? ${types.length ? `and entity_type in (select jsonb_array_elements_text(?::jsonb))` : ''}
     order by feed_record.seq limit ?`,
    types.length ? [after, JSON.stringify(types), limit] : [after, limit],
  );
}

// The driver returns timestamptz as text in raw queries: always answer ISO 8601.
export const iso = (value: unknown) => new Date(value as string | Date).toISOString();
const withValidTo = (row: { record: PublishedRecord; validTo: unknown }): PublishedRecord => ({ ...row.record, validTo: row.validTo === null ? null : iso(row.validTo) });

/** Reads of the feed and of entity versions (current, at an instant, history). */
@Injectable()
export class FeedQueries implements OnApplicationShutdown {
  /**
   * Feed pages are read with node-postgres directly: its row events let a page go to the client
   * as PostgreSQL sends it, each record a short-lived string. Accumulated (the ORM's way), a page
   * of 1,000 records survived young-generation collections or grew buffers of megabytes, and the
   * garbage collector took most of the time of a reader of the whole feed.
   */
  private readonly pool: pg.Pool;
  private readonly logger = new Logger('FeedQueries');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(PUBLISHER_CONFIG) config: PublisherConfig,
  ) {
    this.pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4, application_name: 'care-publisher-feed' });
    // An idle connection that breaks (a database restart) is dropped; the next page opens another.
    this.pool.on('error', (error) => this.logger.warn(`feed connection lost: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  async head(): Promise<{ seq: string; hash: string }> {
    const [row] = await this.orm.em.fork().execute<Array<{ seq: string; hash: string }>>(`select seq::text as seq, hash from feed_head where id = 1`);
    return row!;
  }

  /**
   * Writes the page of records after `after` (the stored JSON of each, comma-separated) with
   * `write` as the rows arrive; returns how many and the last sequence number. Each record carries
   * its predecessor's hash: a reader of the unfiltered feed proves it missed nothing by recomputing
   * the chain (docs/feed.md).
   */
  async writePage(query: FeedQuery, write: (text: string) => void): Promise<{ count: number; next: string; head: string }> {
    const client = await this.pool.connect();
    try {
      const rows = new pg.Query(
        `select seq::text as seq, record::text as json from feed_record
         where seq > $1 ${query.types.length ? `and entity_type in (select jsonb_array_elements_text($3::jsonb))` : ''}
         order by feed_record.seq limit $2`,
        query.types.length ? [query.after, query.limit, JSON.stringify(query.types)] : [query.after, query.limit],
      );
      let count = 0;
      let last = String(query.after);
      let chunk = '';
      rows.on('row', (row: { seq: string; json: string }) => {
        chunk += count++ ? `,${row.json}` : row.json;
        last = row.seq;
        // About 32,000 characters per write: few writes, no string large enough to leave the young generation.
        if (chunk.length > 32_000) {
          write(chunk);
          chunk = '';
        }
      });
      await new Promise<void>((resolve, reject) => {
        rows.on('end', () => resolve());
        rows.on('error', reject);
        void client.query(rows);
      });
      if (chunk) write(chunk);
      const head = await client.query<{ seq: string }>(`select seq::text as seq from feed_head where id = 1`);
      return { count, next: last, head: head.rows[0]!.seq };
    } finally {
      client.release();
    }
  }

  /** The entity's version valid at `asOf` (default: now): a deletion is returned as its tombstone record. */
  async entity(type: EntityType, id: string, asOf?: string): Promise<PublishedRecord> {
    const [row] = await this.orm.em.fork().execute<Array<{ record: PublishedRecord; validTo: unknown }>>(
      `select record, (select min(n.valid_from) from feed_record n where n.entity_type = r.entity_type and n.entity_id = r.entity_id and n.version = r.version + 1) as "validTo"
       from feed_record r where entity_type = ? and entity_id = ? and valid_from <= ? order by version desc limit 1`,
      [type, id, asOf ?? new Date().toISOString()],
    );
    if (!row) throw new NotFoundError({ fr: asOf ? `Entité ${type} (à ${asOf})` : `Entité ${type}`, nl: asOf ? `Entiteit ${type} (op ${asOf})` : `Entiteit ${type}` }, id);
    return withValidTo(row);
  }

  async history(type: EntityType, id: string): Promise<PublishedRecord[]> {
    const rows = await this.orm.em.fork().execute<Array<{ record: PublishedRecord; validTo: unknown }>>(
      `select record, lead(valid_from) over (order by version) as "validTo" from feed_record where entity_type = ? and entity_id = ? order by version`,
      [type, id],
    );
    if (rows.length === 0) throw new NotFoundError({ fr: `Entité ${type}`, nl: `Entiteit ${type}` }, id);
    return rows.map(withValidTo);
  }
}
