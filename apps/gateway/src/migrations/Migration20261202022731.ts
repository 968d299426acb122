import { Migration } from '@mikro-orm/migrations';

export class Migration20261202022731 extends Migration {

  override name = 'Migration20261202022731';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" text not null, "contact" text null, "key_hash" text not null, "prefix" text not null, "active" boolean not null default true, "rate_limit_per_minute" int null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "api_key_usage" ("api_key_id" uuid not null, "day" date not null, "requests" bigint not null, primary key ("api_key_id", "day"));`);

    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null, "actor" text not null, "actor_kind" text not null, "client" text null, "organisation_id" int null, "method" text not null, "route" text not null, "path" text not null, "entity_type" text null, "entity_id" text null, "status" int not null, "before_hash" text null, "after_hash" text null, "row_count" int null, "request_id" text not null);`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_actor_index" on "audit_entry" ("actor");`);
    this.addSql(`create index "audit_entry_entity_index" on "audit_entry" ("entity_type", "entity_id");`);

    this.addSql(`create table "oauth_client" ("id" text not null, "name" text not null, "kind" text not null, "secret_hash" text not null, "scopes" text[] not null, "active" boolean not null default true, "rate_limit_per_minute" int null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "representative" ("id" text not null, "organisation_id" int not null, "name" text not null, "email" text null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "representative_organisation_index" on "representative" ("organisation_id");`);

    this.addSql(`alter table "oauth_client" add constraint "oauth_client_kind_check" check ("kind" in ('authority', 'integrator'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "api_key_usage" cascade;`);
    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop table if exists "oauth_client" cascade;`);
    this.addSql(`drop table if exists "representative" cascade;`);
  }

}
