import { Migration } from '@mikro-orm/migrations';

export class Migration20261123082157 extends Migration {

  override name = 'Migration20261123082157';

  override up(): void | Promise<void> {
    this.addSql(`create table "agrement_type" ("id" text not null, "name" jsonb not null, "legal_basis" jsonb not null, "valid_from" date not null, "valid_to" date null, "capacity_unit" text null, "category_ids" int[] not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "authority" ("id" text not null, "abbreviation" jsonb not null, "name" jsonb not null, "level" text not null, "valid_from" date not null, "valid_to" date null, "successor_id" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "holder" ("kind" text not null, "id" text not null, "published" boolean not null, "name" jsonb not null, "place" jsonb null, "category_ids" int[] not null, "updated_at" timestamptz not null, primary key ("kind", "id"));`);

    this.addSql(`create table "holding" ("id" uuid not null, "type_id" text not null, "holder_kind" text not null, "holder_id" text not null, "reference" text null, "valid_from" date not null, "valid_to" date null, "status" text not null, "capacity" jsonb null, "provenance" jsonb not null, "effective_on" date not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "holding_type_index" on "holding" ("type_id");`);
    this.addSql(`create index "holding_valid_to_index" on "holding" ("valid_to");`);
    this.addSql(`create index "holding_holder_index" on "holding" ("holder_kind", "holder_id");`);

    this.addSql(`create table "holding_revision" ("id" bigserial primary key, "holding_id" uuid not null, "revision" int not null, "effective_on" date not null, "change" text not null, "state" jsonb not null, "reason" text null, "actor" text not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "holding_revision_effective_index" on "holding_revision" ("holding_id", "effective_on");`);
    this.addSql(`alter table "holding_revision" add constraint "holding_revision_unique" unique ("holding_id", "revision");`);

    this.addSql(`create table "authority_succession" ("id" bigserial primary key, "predecessor_id" text not null, "successor_id" text not null, "effective_on" date not null, "type_ids" text[] not null, "note" jsonb null, "actor" text not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "authority_succession_predecessor_index" on "authority_succession" ("predecessor_id");`);

    this.addSql(`create table "type_attribution" ("id" bigserial primary key, "type_id" text not null, "authority_id" text not null, "valid_from" date not null, "valid_to" date null);`);
    this.addSql(`create index "type_attribution_type_index" on "type_attribution" ("type_id");`);
    this.addSql(`create index "type_attribution_authority_index" on "type_attribution" ("authority_id");`);

    this.addSql(`alter table "holding" add constraint "holding_status_check" check ("status" in ('pending', 'active', 'suspended', 'withdrawn', 'expired'));`);

    this.addSql(`alter table "holding_revision" add constraint "holding_revision_change_check" check ("change" in ('registered', 'corrected', 'status', 'expired'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "agrement_type" cascade;`);
    this.addSql(`drop table if exists "authority" cascade;`);
    this.addSql(`drop table if exists "holder" cascade;`);
    this.addSql(`drop table if exists "holding" cascade;`);
    this.addSql(`drop table if exists "holding_revision" cascade;`);
    this.addSql(`drop table if exists "authority_succession" cascade;`);
    this.addSql(`drop table if exists "type_attribution" cascade;`);
  }

}
