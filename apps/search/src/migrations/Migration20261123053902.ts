import { Migration } from '@mikro-orm/migrations';

export class Migration20261123053902 extends Migration {

  override name = 'Migration20261123053902';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbox_message" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox_message" ("id" bigserial primary key, "event_id" uuid not null, "type" text not null, "aggregate_id" text not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null);`);
    this.addSql(`alter table "outbox_message" add constraint "outbox_message_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "outbox_message_pending_index" on "outbox_message" ("id") where published_at is null;`);

    this.addSql(`create or replace function "outbox_message_outbox_message_notify_fn"() returns trigger as \$\$ begin perform pg_notify('care_outbox', ''); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "outbox_message_notify" AFTER INSERT on "outbox_message" for each STATEMENT execute function "outbox_message_outbox_message_notify_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "inbox_message" cascade;`);
    this.addSql(`drop trigger if exists "outbox_message_notify" on "outbox_message";`);
    this.addSql(`drop function if exists "outbox_message_outbox_message_notify_fn"();`);
    this.addSql(`drop table if exists "outbox_message" cascade;`);
  }

}
