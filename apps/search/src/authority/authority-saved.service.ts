import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { NotFoundError, parseOrThrow } from '@care/kernel';
import { authorityAreaSchema, authorityQuerySchema, type AuthorityQuery } from '@care/search-domain';

export const SAVED_KINDS = ['area', 'query'] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

export const savedNameSchema = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N} ._()'-]+$/u);
const SCHEMAS = { area: authorityAreaSchema, query: authorityQuerySchema } as const;
const LABEL = { area: { fr: 'Zone enregistrée', nl: 'Bewaarde zone' }, query: { fr: 'Requête enregistrée', nl: 'Bewaarde zoekopdracht' } };

export interface Saved {
  id: string;
  kind: SavedKind;
  name: string;
  body: unknown;
  createdAt: string;
  updatedAt: string;
}

/** Areas and queries an authority client keeps, by name, seen only by that client. */
@Injectable()
export class AuthoritySaved {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async list(client: string, kind: SavedKind): Promise<Saved[]> {
    const rows = await this.orm.em.fork().execute<Array<{ id: string; kind: SavedKind; name: string; body: unknown; created_at: Date; updated_at: Date }>>(
      `select id, kind, name, body, created_at, updated_at from search.authority_saved where client = ? and kind = ? order by name`,
      [client, kind],
    );
    return rows.map(toSaved);
  }

  async get(client: string, kind: SavedKind, name: string): Promise<Saved> {
    const [row] = await this.orm.em.fork().execute<Array<{ id: string; kind: SavedKind; name: string; body: unknown; created_at: Date; updated_at: Date }>>(
      `select id, kind, name, body, created_at, updated_at from search.authority_saved where client = ? and kind = ? and name = ?`,
      [client, kind, name],
    );
    if (!row) throw new NotFoundError(LABEL[kind], name);
    return toSaved(row);
  }

  /** Creates or replaces; the body is checked as an area or a query (400 naming the field). */
  async put(client: string, kind: SavedKind, name: string, body: unknown): Promise<Saved> {
    const checked = parseOrThrow(SCHEMAS[kind], body);
    const [row] = await this.orm.em.fork().execute<Array<{ id: string; kind: SavedKind; name: string; body: unknown; created_at: Date; updated_at: Date }>>(
      `insert into search.authority_saved (id, client, kind, name, body, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, now(), now())
       on conflict (client, kind, name) do update set body = excluded.body, updated_at = now()
       returning id, kind, name, body, created_at, updated_at`,
      [uuidv7(), client, kind, name, JSON.stringify(checked)],
    );
    return toSaved(row!);
  }

  async remove(client: string, kind: SavedKind, name: string): Promise<void> {
    const deleted = await this.orm.em.fork().execute<Array<{ id: string }>>(`delete from search.authority_saved where client = ? and kind = ? and name = ? returning id`, [client, kind, name]);
    if (deleted.length === 0) throw new NotFoundError(LABEL[kind], name);
  }

  /** A query with its `savedArea` replaced by the area it names. */
  async resolve(client: string, query: AuthorityQuery): Promise<AuthorityQuery> {
    if (!query.savedArea) return query;
    const { savedArea, ...rest } = query;
    const area = (await this.get(client, 'area', savedArea)).body as AuthorityQuery['area'];
    return { ...rest, area: { ...area, ...rest.area } };
  }
}

function toSaved(row: { id: string; kind: SavedKind; name: string; body: unknown; created_at: Date; updated_at: Date }): Saved {
  return { id: row.id, kind: row.kind, name: row.name, body: row.body, createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString() };
}
