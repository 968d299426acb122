import { Migration } from '@mikro-orm/migrations';

export class Migration20261206071906 extends Migration {

  override name = 'Migration20261206071906';

  override up(): void | Promise<void> {
    this.addSql(`create table "feed_relay_position" ("name" text not null, "position" bigint not null, "updated_at" timestamptz not null, primary key ("name"));`);

    this.addSql(`create table "webhook_delivery" ("id" bigserial primary key, "subscription_id" uuid not null, "from_seq" bigint not null, "to_seq" bigint not null, "records" int not null, "attempt" int not null, "outcome" text not null, "status_code" int null, "error" text null, "duration_ms" int not null, "attempted_at" timestamptz not null);`);
    this.addSql(`create index "webhook_delivery_subscription_index" on "webhook_delivery" ("subscription_id", "id");`);

    this.addSql(`create table "webhook_subscription" ("id" uuid not null, "owner" text not null, "url" text not null, "entity_types" jsonb not null, "secret" text not null, "previous_secret" text null, "previous_secret_until" timestamptz null, "position" bigint not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "last_error" text null, "last_delivered_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_owner_index" on "webhook_subscription" ("owner");`);
    this.addSql(`create index "webhook_subscription_next_attempt_index" on "webhook_subscription" ("next_attempt_at");`);

    // Each record as it is served, written once (json: output as stored); its payload moves into it.
    this.addSql(`alter table "feed_record" add column "record" json null;`);
    this.addSql(`update "feed_record" set "record" = json_build_object('seq', "seq"::text, 'entityType', "entity_type", 'entityId', "entity_id", 'version', "version", 'operation', "operation",
      'validFrom', to_char("valid_from" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'recordedAt', to_char("recorded_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'payload', "payload", 'contentHash', "content_hash", 'prevHash', "prev_hash", 'hash', "hash");`);
    this.addSql(`alter table "feed_record" alter column "record" set not null;`);
    this.addSql(`alter table "feed_record" drop column "payload";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feed_record" add column "payload" jsonb null;`);
    this.addSql(`update "feed_record" set "payload" = ("record"->'payload')::jsonb;`);
    this.addSql(`alter table "feed_record" drop column "record";`);
    this.addSql(`drop table if exists "feed_relay_position" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
  }

}
