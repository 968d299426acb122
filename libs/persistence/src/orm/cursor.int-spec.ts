import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { dropDatabase, ensureDatabase } from '../admin/database-admin.js';
import { withDatabase } from '../admin/database-url.js';
import { cursorBatches } from './cursor.js';

describe('cursorBatches', () => {
  // The test server of the run (libs/testing's global setup); persistence cannot depend on libs/testing.
  const url = withDatabase(process.env['CARE_TEST_SERVER_URL']!, `t_cursor_${randomBytes(4).toString('hex')}`);
  let orm: MikroORM;

  beforeAll(async () => {
    await ensureDatabase(url);
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
    await orm.em.execute('create table item (id int primary key)');
    await orm.em.execute('insert into item select generate_series(1, 2500)');
  });
  afterAll(async () => {
    await orm?.close();
    await dropDatabase(url);
  });

  it('streams a result in batches from one snapshot of a repeatable-read transaction', async () => {
    const sizes: number[] = [];
    const ids: number[] = [];
    await orm.em.fork().transactional(
      async (tx) => {
        let first = true;
        for await (const batch of cursorBatches<{ id: number }>(tx, 'select id from item where id > ? order by id', [0], 1_000)) {
          if (first) {
            // A row committed meanwhile by someone else is not in this export's snapshot.
            await orm.em.fork().execute('insert into item values (999999)');
            first = false;
          }
          sizes.push(batch.length);
          ids.push(...batch.map((r) => r.id));
        }
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(ids).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
    const [{ n }] = (await orm.em.fork().execute('select count(*)::int as n from item')) as [{ n: number }];
    expect(n).toBe(2_501);
  });
});
