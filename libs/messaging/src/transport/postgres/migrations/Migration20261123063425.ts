import { Migration } from '@mikro-orm/migrations';

export class Migration20261123063425 extends Migration {

  override name = 'Migration20261123063425';

  override up(): void | Promise<void> {
    this.addSql(`create table "consumer_group" ("name" text not null, "position" bigint not null default 0, "updated_at" timestamptz not null default now(), primary key ("name"));`);

    this.addSql(`create table "dead_letter" ("id" bigserial primary key, "group_name" text not null, "position" bigint not null, "event_id" uuid not null, "type" text not null, "attempts" int not null, "error" text not null, "envelope" jsonb not null, "failed_at" timestamptz not null default now());`);
    this.addSql(`alter table "dead_letter" add constraint "dead_letter_group_event_unique" unique ("group_name", "event_id");`);

    this.addSql(`create table "event_log" ("position" bigserial primary key, "event_id" uuid not null, "stream" text not null, "type" text not null, "key" text not null, "envelope" jsonb not null, "appended_at" timestamptz not null default now());`);
    this.addSql(`alter table "event_log" add constraint "event_log_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "event_log_type_position_index" on "event_log" ("type", "position");`);
    this.addSql(`create index "event_log_appended_at_index" on "event_log" ("appended_at");`);

    this.addSql(`create or replace function "event_log_event_log_notify_fn"() returns trigger as \$\$ begin perform pg_notify('care_event_log', ''); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "event_log_notify" AFTER INSERT on "event_log" for each STATEMENT execute function "event_log_event_log_notify_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "consumer_group" cascade;`);
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop trigger if exists "event_log_notify" on "event_log";`);
    this.addSql(`drop function if exists "event_log_event_log_notify_fn"();`);
    this.addSql(`drop table if exists "event_log" cascade;`);
  }

}
