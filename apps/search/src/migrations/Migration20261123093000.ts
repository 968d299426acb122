import { Migration } from '@mikro-orm/migrations';

/**
 * The search projection and the PostgreSQL search engine, in schema `search` (plain SQL: text
 * search configurations, a list-partitioned document table, tsvector, multiranges and trigram
 * indexes are beyond what entities describe; see docs/adr/0006-search-projection-and-engines.md).
 */
export class Migration20261123093000 extends Migration {
  override name = 'Migration20261123093000';

  override up(): void {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create schema if not exists search;`);

    // Accents folded before stemming, in both languages, and a language-neutral one for names.
    this.addSql(`create text search configuration search.care_fr (copy = pg_catalog.french);`);
    this.addSql(`alter text search configuration search.care_fr alter mapping for hword, hword_part, word with public.unaccent, french_stem;`);
    this.addSql(`create text search configuration search.care_nl (copy = pg_catalog.dutch);`);
    this.addSql(`alter text search configuration search.care_nl alter mapping for hword, hword_part, word with public.unaccent, dutch_stem;`);
    this.addSql(`create text search configuration search.care_simple (copy = pg_catalog.simple);`);
    this.addSql(`alter text search configuration search.care_simple alter mapping for hword, hword_part, word with public.unaccent, simple;`);

    this.addSql(`create function search.fold(text) returns text language sql immutable parallel safe strict as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;`);
    // The Dutch stemmer leaves plural and singular apart in common cases ("ziekenhuizen" →
    // ziekenhuiz, "ziekenhuis" → ziekenhuis; "huisartsen" → huisart, "huisarts" → huisarts;
    // "woonzorgcentra" / "woonzorgcentrum"): both sides reduce each stem further to one final form
    // (centra → centrum, final z/v → s/f, one final s dropped). Documents keep both forms.
    this.addSql(`create function search.nl_final(text) returns text language sql immutable parallel safe strict as $$
      select regexp_replace(regexp_replace(regexp_replace(regexp_replace($1, 'centra$', 'centrum'), 'z$', 's'), 'v$', 'f'), '([^s])s$', '\\1') $$;`);
    this.addSql(`create function search.nl_fold(tsvector) returns tsvector language sql immutable parallel safe strict as $$
      select $1 || array_to_tsvector(coalesce(array(select distinct search.nl_final(lexeme) from unnest($1) where search.nl_final(lexeme) <> lexeme), '{}'::text[])) $$;`);
    this.addSql(`create function search.nl_vector(text) returns tsvector language sql immutable parallel safe strict as $$ select search.nl_fold(to_tsvector('search.care_nl', $1)) $$;`);
    this.addSql(`create function search.nl_query(text) returns tsquery language sql immutable parallel safe strict as $$
      select regexp_replace(regexp_replace(regexp_replace(regexp_replace(websearch_to_tsquery('search.care_nl', $1)::text,
        'centra''', 'centrum''', 'g'), 'z''', 's''', 'g'), 'v''', 'f''', 'g'), '([^s''])s''', '\\1''', 'g')::tsquery $$;`);
    // A phrase as the sorted set of its stems: "médecins généralistes" and "médecin généraliste"
    // get the same key, so a query equal to a category name or keyword (or a profession) is found.
    this.addSql(`create function search.phrase_key_fr(text) returns text language sql immutable parallel safe strict as $$
      select coalesce(string_agg(lexeme, ' ' order by lexeme), '') from unnest(to_tsvector('search.care_fr', $1)) $$;`);
    this.addSql(`create function search.phrase_key_nl(text) returns text language sql immutable parallel safe strict as $$
      select coalesce(string_agg(distinct search.nl_final(lexeme), ' ' order by search.nl_final(lexeme)), '') from unnest(to_tsvector('search.care_nl', $1)) $$;`);
    // Great-circle distance in metres between two points (x = longitude, y = latitude).
    this.addSql(`create function search.distance_m(a point, b point) returns double precision language sql immutable parallel safe strict as $$
      select 2 * 6371008.8 * asin(sqrt(power(sin(radians(b[1] - a[1]) / 2), 2) + cos(radians(a[1])) * cos(radians(b[1])) * power(sin(radians(b[0] - a[0]) / 2), 2))) $$;`);

    // Index generations: a rebuild fills a new one while the active one answers.
    this.addSql(`create table search.generation (id int primary key, state text not null check (state in ('building', 'active', 'retired')), created_at timestamptz not null default now(), activated_at timestamptz null);`);
    this.addSql(`create unique index generation_one_active on search.generation ((true)) where state = 'active';`);
    this.addSql(`create sequence search.document_version;`);

    // Public state received from the owning services, per generation, guarded by aggregate version.
    this.addSql(`create table search.source (generation int not null, kind text not null, id text not null, version int not null, deleted boolean not null default false, payload jsonb null, event_at timestamptz not null, primary key (generation, kind, id));`);
    // When the newest event applied occurred (index lag), without a hot progress row per event.
    this.addSql(`create index source_event_at on search.source (generation, event_at);`);
    this.addSql(`create index source_site_organisation on search.source (generation, (payload->>'organisationId')) where kind = 'site';`);
    this.addSql(`create index source_site_categories on search.source using gin ((payload->'categoryIds') jsonb_path_ops) where kind = 'site';`);
    this.addSql(`create index source_practice_provider on search.source (generation, (payload->>'providerId')) where kind = 'practice';`);
    this.addSql(`create index source_holding_holder on search.source (generation, (payload->'holder'->>'kind'), (payload->'holder'->>'id')) where kind = 'holding';`);
    this.addSql(`create index source_holding_type on search.source (generation, (payload->>'typeId')) where kind = 'holding';`);

    // Documents to (re)build, append-only (no row is ever updated, so the projection and the
    // indexer never wait on each other's row locks); the notification wakes the indexer at commit.
    this.addSql(`create table search.dirty (id bigserial primary key, generation int not null, doc_id text not null, queued_at timestamptz not null default clock_timestamp());`);
    this.addSql(`create index dirty_generation on search.dirty (generation, doc_id, id);`);
    this.addSql(`create function search.dirty_notify() returns trigger language plpgsql as $$ begin perform pg_notify('care_search_dirty', ''); return null; end; $$;`);
    this.addSql(`create trigger dirty_notify after insert on search.dirty for each statement execute function search.dirty_notify();`);
    this.addSql(`create table search.progress (generation int primary key, indexed_through timestamptz null, indexed_at timestamptz null, window_date date null);`);

    // Labels of facet values and what `/suggest` proposes.
    this.addSql(`create table search.term (generation int not null, facet text not null, key text not null, fr text not null, nl text not null, folded text not null, primary key (generation, facet, key));`);
    this.addSql(`create index term_folded_trgm on search.term using gin (folded gin_trgm_ops);`);

    // The PostgreSQL engine's documents: one partition per generation (dropped whole).
    this.addSql(`create table search.document (
      generation int not null, doc_id text not null, version bigint not null, kind text not null, entity_id text not null,
      name_fr text not null, name_nl text not null, tsv tsvector not null, fuzzy text not null, labels text not null,
      phrase_keys text[] not null, profession_keys text[] not null,
      pt point null, postcode text null, municipality text null, stat_sector text null, district text null,
      sector_ids int[] not null, rubrique_ids int[] not null, category_ids int[] not null,
      agrement_type_ids text[] not null, authority_ids text[] not null, languages text[] not null,
      offer_kind text null, target_publics text[] not null, profession text null, convention text null, accepting_patients boolean null,
      open_ranges tstzmultirange not null, display jsonb not null,
      primary key (generation, doc_id)
    ) partition by list (generation);`);
    this.addSql(`create index document_tsv on search.document using gin (tsv);`);
    this.addSql(`create index document_fuzzy on search.document using gin (fuzzy gin_trgm_ops);`);
    this.addSql(`create index document_pt on search.document using gist (pt);`);
    // No index on open_ranges: every document spans the same window, so a GiST bounding range
    // cannot exclude any; the containment test runs on rows the other criteria selected.
    this.addSql(`create index document_categories on search.document using gin (category_ids);`);
    this.addSql(`create index document_sectors on search.document using gin (sector_ids);`);
    this.addSql(`create index document_filters on search.document (kind, municipality, profession);`);
    this.addSql(`create table search.document_removed (generation int not null, doc_id text not null, version bigint not null, primary key (generation, doc_id));`);
  }

  override down(): void {
    this.addSql(`drop schema if exists search cascade;`);
  }
}
