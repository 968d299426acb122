import { Migration } from '@mikro-orm/migrations';

/**
 * The PostgreSQL engine answers queries from an in-process replica of its documents (ADR 0011):
 * the indexes, the point column and the facet value ids that only its SQL queries used go, which
 * also makes indexing cheaper. The trigram index stays (typo-tolerant pass), as do `lat`/`lon`.
 */
export class Migration20261206090000 extends Migration {
  override name = 'Migration20261206090000';

  override up(): void {
    this.addSql(`drop index if exists search.document_tsv;`);
    this.addSql(`drop index if exists search.document_pt;`);
    this.addSql(`drop index if exists search.document_categories;`);
    this.addSql(`drop index if exists search.document_sectors;`);
    this.addSql(`drop index if exists search.document_filters;`);
    this.addSql(`drop index if exists search.document_lat;`);
    this.addSql(`alter table search.document drop column facet_ids, drop column pt;`);
    this.addSql(`drop table search.facet_value;`);
    this.addSql(`drop sequence search.facet_value_id;`);
  }

  override down(): void {
    this.addSql(`alter table search.document add column pt point null, add column facet_ids int[] not null default '{}';`);
    this.addSql(`update search.document set pt = point(lon, lat) where lat is not null;`);
    this.addSql(`create sequence search.facet_value_id;`);
    this.addSql(`create table search.facet_value (generation int not null, id int not null default nextval('search.facet_value_id'), facet text not null, key text not null,
      primary key (generation, facet, key), unique (generation, id));`);
    this.addSql(`create index document_tsv on search.document using gin (tsv);`);
    this.addSql(`create index document_pt on search.document using gist (pt);`);
    this.addSql(`create index document_categories on search.document using gin (category_ids);`);
    this.addSql(`create index document_sectors on search.document using gin (sector_ids);`);
    this.addSql(`create index document_filters on search.document (kind, municipality, profession);`);
    this.addSql(`create index document_lat on search.document (lat);`);
  }
}
