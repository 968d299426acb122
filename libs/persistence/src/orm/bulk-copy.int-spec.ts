import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { dropDatabase, ensureDatabase } from '../admin/database-admin.js';
import { withDatabase } from '../admin/database-url.js';
import { copyEntities, copyValue, CopyWriter } from './bulk-copy.js';

class Thing {
  id?: string;
  name!: string;
  tags: string[] = [];
  numbers: number[] = [];
  data: { a: number; b: string[] } | null = null;
  flag = false;
  at!: Date;
  note: string | null = null;
}

const ThingEntity = defineEntity({
  class: Thing,
  tableName: 'thing',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    name: p.text(),
    tags: p.array(),
    numbers: p.array<number>((i) => Number(i), (i) => String(i)).columnType('int[]'),
    data: p.json<{ a: number; b: string[] }>().nullable(),
    flag: p.boolean(),
    at: p.datetime(),
    note: p.text().nullable(),
  },
});

describe('copyEntities', () => {
  it('writes entities with COPY exactly as the ORM reads them back', async () => {
    const url = withDatabase(process.env['CARE_TEST_SERVER_URL']!, `t_copy_${randomBytes(4).toString('hex')}`);
    await ensureDatabase(url);
    const orm = await MikroORM.init({ clientUrl: url, entities: [ThingEntity], allowGlobalContext: false });
    await orm.schema.create();
    const at = new Date('2026-11-23T10:00:00.000Z');
    const things = [
      Object.assign(new Thing(), { name: 'plain', at }),
      Object.assign(new Thing(), { name: 'with "quotes", commas\nand lines', tags: ['a b', 'c,d', '"e"'], numbers: [3, 1], data: { a: 1, b: ['x', 'y'] }, flag: true, at, note: '' }),
    ];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('begin');
    await copyEntities(client, orm, ThingEntity, things);
    await client.query('commit');
    await client.end();
    const read = await orm.em.fork().find(ThingEntity, {}, { orderBy: { id: 'asc' } });
    expect(read.map(({ id: _id, ...rest }) => ({ ...rest }))).toEqual(things.map((t) => ({ ...t })));
    expect(read.map((t) => t.id)).toEqual(['1', '2']);
    await orm.close();
    await dropDatabase(url);
  });
  it('quotes what COPY CSV needs quoted and tells NULL from the empty string', () => {
    expect(['a', null, 'b,"c"', '', 3, new Date('2026-01-02T03:04:05.000Z'), { k: 'v' }].map(copyValue)).toEqual(['a', '', '"b,""c"""', '""', '3', '2026-01-02T03:04:05.000Z', '"{""k"":""v""}"']);
  });

  it('streams rows over many chunks and reports a bad row as the error of end()', async () => {
    const url = withDatabase(process.env['CARE_TEST_SERVER_URL']!, `t_copyw_${randomBytes(4).toString('hex')}`);
    await ensureDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('create table line (n int not null, text text not null)');
    const writer = CopyWriter.open(client, 'line', ['n', 'text']);
    // About 1 MB: well over one 64 KB chunk.
    for (let n = 0; n < 10_000; n++) await writer.row([n, `row ${n} ${'x'.repeat(90)}`]);
    await writer.end();
    expect((await client.query('select count(*)::int as c, sum(n)::bigint as s from line')).rows[0]).toEqual({ c: 10_000, s: String((9_999 * 10_000) / 2) });
    const bad = CopyWriter.open(client, 'line', ['n', 'text']);
    await bad.row([1, 'fine']);
    await bad.row(['not a number', 'bad']);
    await expect(bad.end()).rejects.toThrow(/invalid input syntax for type integer/);
    await client.end();
    await dropDatabase(url);
  });
});
