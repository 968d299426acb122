import { Migration } from '@mikro-orm/migrations';

export class Migration20261123064251 extends Migration {

  override name = 'Migration20261123064251';

  override up(): void | Promise<void> {
    // Written by hand: extensions the entity indexes need.
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create table "category" ("id" serial primary key, "name" jsonb not null, "definition" jsonb null, "keywords" jsonb not null, "reference_urls" text[] not null, "related_category_ids" int[] not null, "rubrique_ids" int[] not null, "sector_ids" int[] not null, "status" text not null default 'active', "retired_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "inbox_message" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "organisation" ("id" serial primary key, "version" int not null default 1, "enterprise_numbers" text[] not null, "names" jsonb not null, "legal_status" text null, "language_status" text not null, "official_journal_url" jsonb null, "status" text not null default 'active', "struck_off_at" date null, "provenance" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "search_text" text not null default '');`);
    this.addSql(`create index "organisation_enterprise_numbers_index" on "organisation" using gin ("enterprise_numbers");`);

    this.addSql(`create table "outbox_message" ("id" bigserial primary key, "event_id" uuid not null, "type" text not null, "aggregate_id" text not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null);`);
    this.addSql(`alter table "outbox_message" add constraint "outbox_message_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "outbox_message_pending_index" on "outbox_message" ("id") where published_at is null;`);

    this.addSql(`create table "reference_item" ("list" text not null, "code" text not null, "label" jsonb not null, "parent" text null, "position" int not null default 0, "active" boolean not null default true, primary key ("list", "code"));`);

    this.addSql(`create table "rubrique" ("id" serial primary key, "sector_id" int not null, "name" jsonb not null, "position" int not null default 0);`);
    this.addSql(`create index "rubrique_sector_index" on "rubrique" ("sector_id");`);

    this.addSql(`create table "sector" ("id" serial primary key, "code" text not null, "name" jsonb not null, "definition" jsonb null, "position" int not null default 0, "version" int not null default 1, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "sector" add constraint "sector_code_unique" unique ("code");`);

    this.addSql(`create table "site" ("id" serial primary key, "organisation_id" int null, "state" text not null default 'draft', "version" int not null default 1, "names" jsonb not null, "legal_status" text null, "language_status" text not null, "service_languages" text[] not null, "offer_kind" text not null, "address" jsonb not null, "texts" jsonb not null, "access_modalities" text[] not null, "target_publics" text[] not null, "contacts" jsonb not null, "opening_hours" jsonb not null, "category_ids" int[] not null, "action_zones" text[] not null, "other_agreements" jsonb not null, "subsidies" jsonb not null, "provenance" jsonb not null, "last_verified_at" timestamptz null, "published_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "postcode" text not null, "municipality_nis" text null, "sector_code" text null, "district_code" text null, "lat" double precision null, "lon" double precision null, "search_text" text not null default '');`);
    this.addSql(`create index "site_organisation_index" on "site" ("organisation_id");`);
    this.addSql(`create index "site_state_index" on "site" ("state");`);
    this.addSql(`create index "site_last_verified_index" on "site" ("last_verified_at");`);
    this.addSql(`create index "site_municipality_index" on "site" ("municipality_nis");`);
    this.addSql(`create index "site_category_ids_index" on "site" using gin ("category_ids");`);
    this.addSql(`create index "site_search_text_trgm_index" on "site" using gin ("search_text" gin_trgm_ops);`);

    this.addSql(`create table "site_verification" ("id" bigserial primary key, "site_id" int not null, "verified_at" timestamptz not null, "verified_by" text not null, "with_changes" boolean not null, "note" text null);`);
    this.addSql(`create index "site_verification_site_index" on "site_verification" ("site_id");`);

    this.addSql(`create table "taxonomy_change" ("id" bigserial primary key, "entity_type" text not null, "entity_id" int not null, "changes" text[] not null, "at" timestamptz not null, "actor" text not null, "before" jsonb null, "after" jsonb not null);`);
    this.addSql(`create index "taxonomy_change_at_index" on "taxonomy_change" ("at");`);

    this.addSql(`alter table "category" add constraint "category_status_check" check ("status" in ('active', 'retired'));`);

    this.addSql(`alter table "organisation" add constraint "organisation_status_check" check ("status" in ('active', 'struck-off'));`);

    this.addSql(`create or replace function "outbox_message_outbox_message_notify_fn"() returns trigger as \$\$ begin perform pg_notify('care_outbox', ''); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "outbox_message_notify" AFTER INSERT on "outbox_message" for each STATEMENT execute function "outbox_message_outbox_message_notify_fn"();`);

    this.addSql(`alter table "reference_item" add constraint "reference_item_list_check" check ("list" in ('legal-status', 'access-modality', 'offer-kind', 'target-public', 'language', 'action-zone'));`);

    this.addSql(`alter table "site" add constraint "site_state_check" check ("state" in ('draft', 'submitted', 'validated', 'published', 'internal', 'archived'));`);

    // Written by hand: new public ids start above the range imported from social.brussels (ids are
    // kept on import), and staff-created categories and rubriques above the seeded thesaurus.
    this.addSql(`alter sequence "site_id_seq" restart with 30000;`);
    this.addSql(`alter sequence "category_id_seq" restart with 10000;`);
    this.addSql(`alter sequence "rubrique_id_seq" restart with 10000;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "category" cascade;`);
    this.addSql(`drop table if exists "inbox_message" cascade;`);
    this.addSql(`drop table if exists "organisation" cascade;`);
    this.addSql(`drop trigger if exists "outbox_message_notify" on "outbox_message";`);
    this.addSql(`drop function if exists "outbox_message_outbox_message_notify_fn"();`);
    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop table if exists "reference_item" cascade;`);
    this.addSql(`drop table if exists "rubrique" cascade;`);
    this.addSql(`drop table if exists "sector" cascade;`);
    this.addSql(`drop table if exists "site" cascade;`);
    this.addSql(`drop table if exists "site_verification" cascade;`);
    this.addSql(`drop table if exists "taxonomy_change" cascade;`);
  }

}
