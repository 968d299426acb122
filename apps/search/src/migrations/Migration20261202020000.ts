import { Migration } from '@mikro-orm/migrations';

/**
 * Cheaper queries on the PostgreSQL engine (docs/benchmarks.md, search):
 * - every facet value of a document as one integer array (`facet_ids`, ids from
 *   `search.facet_value`), so all facet counts come from one pass over the matches instead of one
 *   pass per facet;
 * - latitude and longitude as plain columns with a B-tree, whose statistics let the planner weigh
 *   a radius against the text and filter indexes (the GiST index on points has no selectivity
 *   estimate and was chosen for every radius, reading tens of thousands of rows).
 * Existing documents get both from their own columns.
 */
export class Migration20261202020000 extends Migration {
  override name = 'Migration20261202020000';

  override up(): void {
    this.addSql(`create sequence search.facet_value_id;`);
    this.addSql(`create table search.facet_value (generation int not null, id int not null default nextval('search.facet_value_id'), facet text not null, key text not null,
      primary key (generation, facet, key), unique (generation, id));`);
    this.addSql(`alter table search.document add column lat float8 null, add column lon float8 null, add column facet_ids int[] not null default '{}';`);
    this.addSql(`create index document_lat on search.document (lat);`);
    // Facet values of the existing documents, from their columns (the same pairs the engine writes).
    const pairs = (d: string) => `select 'kind' as facet, ${d}.kind as key union all select 'sector', s::text from unnest(${d}.sector_ids) s
      union all select 'category', c::text from unnest(${d}.category_ids) c union all select 'municipality', ${d}.municipality where ${d}.municipality is not null
      union all select 'language', l from unnest(${d}.languages) l union all select 'authority', a from unnest(${d}.authority_ids) a
      union all select 'profession', ${d}.profession where ${d}.profession is not null union all select 'convention', ${d}.convention where ${d}.convention is not null`;
    this.addSql(`insert into search.facet_value (generation, facet, key) select distinct d.generation, f.facet, f.key from search.document d cross join lateral (${pairs('d')}) f on conflict do nothing;`);
    this.addSql(`update search.document d set lat = d.pt[1], lon = d.pt[0],
      facet_ids = array(select v.id from (${pairs('d')}) f join search.facet_value v on v.generation = d.generation and v.facet = f.facet and v.key = f.key order by v.id);`);
  }

  override down(): void {
    this.addSql(`drop index if exists search.document_lat;`);
    this.addSql(`alter table search.document drop column facet_ids, drop column lon, drop column lat;`);
    this.addSql(`drop table search.facet_value;`);
    this.addSql(`drop sequence search.facet_value_id;`);
  }
}
