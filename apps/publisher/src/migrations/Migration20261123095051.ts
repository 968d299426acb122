import { Migration } from '@mikro-orm/migrations';

export class Migration20261123095051 extends Migration {

  override name = 'Migration20261123095051';

  override up(): void | Promise<void> {
    this.addSql(`create table "entity_head" ("entity_type" text not null, "entity_id" text not null, "version" int not null, "seq" bigint not null, "deleted" boolean not null, "content_hash" text not null, "source_version" int not null, "payload" jsonb null, "valid_from" timestamptz not null, primary key ("entity_type", "entity_id"));`);
    this.addSql(`create index "entity_head_type_seq_index" on "entity_head" ("entity_type", "seq");`);

    this.addSql(`create table "feed_head" ("id" int not null, "seq" bigint not null, "hash" text not null, primary key ("id"));`);

    this.addSql(`create table "feed_record" ("seq" bigint not null, "entity_type" text not null, "entity_id" text not null, "version" int not null, "operation" text not null, "valid_from" timestamptz not null, "recorded_at" timestamptz not null, "event_id" uuid not null, "event_type" text not null, "payload" jsonb null, "content_hash" text not null, "prev_hash" text not null, "hash" text not null, primary key ("seq"));`);
    // The feed starts empty: sequence 0, the genesis hash (see feed-hash.ts).
    this.addSql(`insert into "feed_head" ("id", "seq", "hash") values (1, 0, '${'0'.repeat(64)}');`);
    this.addSql(`create index "feed_record_entity_valid_from_index" on "feed_record" ("entity_type", "entity_id", "valid_from");`);
    this.addSql(`alter table "feed_record" add constraint "feed_record_entity_version_unique" unique ("entity_type", "entity_id", "version");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "entity_head" cascade;`);
    this.addSql(`drop table if exists "feed_head" cascade;`);
    this.addSql(`drop table if exists "feed_record" cascade;`);
  }

}
