import { once } from 'node:events';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { EntityName } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';

/** One value in PostgreSQL COPY CSV format: empty for NULL, JSON for objects, ISO for dates. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

const FLUSH_AT = 64 * 1024;

/**
 * A COPY … FROM STDIN (CSV) on the caller's connection, and so in its transaction. Lines are
 * gathered into chunks of about 64 KB: one socket write per line costs more than the COPY itself.
 */
export class CopyWriter {
  private buffer = '';
  private readonly done: Promise<void>;

  private constructor(private readonly stream: ReturnType<typeof copyStreams.from>) {
    this.done = new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', reject);
    });
    // Errors surface through end(); without this listener an early one would be unhandled.
    this.done.catch(() => undefined);
  }

  static open(client: pg.ClientBase, table: string, columns: readonly string[]): CopyWriter {
    return new CopyWriter(client.query(copyStreams.from(`copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from stdin with (format csv)`)));
  }

  /** Adds one row; awaits only when the connection pushes back. */
  async row(values: readonly unknown[]): Promise<void> {
    this.buffer += `${values.map(copyValue).join(',')}\n`;
    if (this.buffer.length < FLUSH_AT) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    if (this.buffer) this.stream.write(this.buffer);
    this.buffer = '';
    this.stream.end();
    await this.done;
  }
}

/**
 * Inserts new entities with COPY, on the caller's connection (and so in its transaction), columns
 * and conversions taken from the ORM's metadata. For bulk imports, where the unit of work's
 * per-row INSERTs are the bottleneck; the entities must be new, flat (scalar, JSON and array
 * properties only) and complete but for database-generated keys, which the rows may leave out.
 */
export async function copyEntities<T extends object>(client: pg.ClientBase, orm: MikroORM, entity: EntityName<T>, rows: readonly Partial<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const meta = orm.getMetadata().get(entity);
  const platform = orm.em.getPlatform();
  // Generated keys (bigserial) are left to the database when the entities do not set them.
  const first = rows[0] as Record<string, unknown>;
  const props = meta.props.filter((p) => p.kind === 'scalar' && p.persist !== false && p.fieldNames?.length === 1 && !(p.autoincrement && first[p.name] === undefined));
  const writer = CopyWriter.open(client, meta.tableName, props.map((p) => p.fieldNames[0]!));
  for (const row of rows) {
    await writer.row(
      props.map((p) => {
        const value = (row as Record<string, unknown>)[p.name];
        // Arrays need PostgreSQL's array literal (the ORM's own conversion); JSON, dates and plain
        // values are written by copyValue.
        if (Array.isArray(value) && p.customType && !/json/i.test(p.columnTypes?.[0] ?? '')) return p.customType.convertToDatabaseValue(value, platform, { mode: 'query' });
        return value;
      }),
    );
  }
  await writer.end();
}
