import { Migration } from '@mikro-orm/migrations';

/**
 * Crisis-management reads (issue 13), in schema `search` like the rest of the projection:
 * - `authority_record`: per generation, one row per site or practice as authorities see it
 *   (public data, crisis contacts, holdings with accredited capacity), built by the indexer with
 *   the documents, whatever the search engine;
 * - availability figures stay in `search.source` (kind `availability`) and are read live, so an
 *   expiry needs no rebuild; the index finds a site's figures;
 * - `authority_saved`: areas and queries an authority client saved.
 */
export class Migration20261202030000 extends Migration {
  override name = 'Migration20261202030000';

  override up(): void {
    this.addSql(`create table search.authority_record (
      generation int not null, doc_id text not null, kind text not null, entity_id text not null, site_id int null,
      name_fr text not null, name_nl text not null, lat float8 null, lon float8 null, pt point null,
      municipality text null, district text null, stat_sector text null,
      sector_ids int[] not null, category_ids int[] not null, profession text null, accepting_patients boolean null,
      holding_keys text[] not null, authority_keys text[] not null, holding_statuses text[] not null,
      accredited_capacity int not null, capacity_groups jsonb not null, record jsonb null, updated_at timestamptz not null,
      -- The document version it was built with: a slower indexer never replaces a newer build; a removal keeps a tombstone.
      version bigint not null, deleted boolean not null default false,
      -- When what authorities see of it last changed (a rebuild with the same content keeps it): "what changed since T".
      changed_at timestamptz not null,
      primary key (generation, doc_id));`);
    this.addSql(`create index authority_record_site on search.authority_record (generation, site_id) where site_id is not null;`);
    this.addSql(`create index authority_record_municipality on search.authority_record (generation, municipality);`);
    this.addSql(`create index authority_record_lat on search.authority_record (generation, lat);`);
    this.addSql(`create index authority_record_categories on search.authority_record using gin (category_ids);`);
    this.addSql(`create index authority_record_changed on search.authority_record (generation, changed_at);`);
    this.addSql(`create index authority_record_holdings on search.authority_record using gin (holding_keys);`);
    this.addSql(`create index source_availability_site on search.source (generation, ((payload->>'siteId')::int)) where kind = 'availability';`);
    this.addSql(`create table search.authority_saved (id uuid primary key, client text not null, kind text not null check (kind in ('area', 'query')), name text not null,
      body jsonb not null, created_at timestamptz not null, updated_at timestamptz not null, unique (client, kind, name));`);
  }

  override down(): void {
    this.addSql(`drop table search.authority_saved;`);
    this.addSql(`drop index search.source_availability_site;`);
    this.addSql(`drop table search.authority_record;`);
  }
}
