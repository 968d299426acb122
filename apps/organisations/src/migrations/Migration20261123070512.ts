import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070512 extends Migration {

  override name = 'Migration20261123070512';

  override up(): void | Promise<void> {
    this.addSql(`create table "import_conflict" ("id" bigserial primary key, "run_id" bigint not null, "entity_type" text not null, "entity_id" text not null, "field" text not null, "current" jsonb null, "incoming" jsonb null, "status" text not null default 'open', "created_at" timestamptz not null, "resolved_at" timestamptz null, "resolved_by" text null);`);
    this.addSql(`create index "import_conflict_status_index" on "import_conflict" ("status");`);

    this.addSql(`create table "import_rejection" ("id" bigserial primary key, "run_id" bigint not null, "file" text not null, "line" int not null, "reason" text not null, "raw" text not null);`);
    this.addSql(`create index "import_rejection_run_index" on "import_rejection" ("run_id");`);

    this.addSql(`create table "import_run" ("id" bigserial primary key, "kind" text not null, "actor" text not null, "source" text not null, "extract_number" int null, "status" text not null default 'running', "counts" jsonb not null, "message" text null, "started_at" timestamptz not null, "finished_at" timestamptz null);`);
    this.addSql(`create index "import_run_kind_index" on "import_run" ("kind");`);

    this.addSql(`create table "kbo_activity" ("id" bigserial primary key, "entity_number" text not null, "activity_group" text not null, "nace_version" text not null, "nace_code" text not null, "classification" text not null);`);
    this.addSql(`create index "kbo_activity_entity_index" on "kbo_activity" ("entity_number");`);

    this.addSql(`create table "kbo_address" ("id" bigserial primary key, "entity_number" text not null, "type_of_address" text not null, "country_nl" text null, "country_fr" text null, "zipcode" text null, "municipality_nl" text null, "municipality_fr" text null, "street_nl" text null, "street_fr" text null, "house_number" text null, "box" text null, "extra_address_info" text null, "date_striking_off" date null);`);
    this.addSql(`create index "kbo_address_entity_index" on "kbo_address" ("entity_number");`);

    this.addSql(`create table "kbo_code" ("category" text not null, "code" text not null, "language" text not null, "description" text not null, primary key ("category", "code", "language"));`);

    this.addSql(`create table "kbo_denomination" ("id" bigserial primary key, "entity_number" text not null, "language" text not null, "type_of_denomination" text not null, "denomination" text not null);`);
    this.addSql(`create index "kbo_denomination_entity_index" on "kbo_denomination" ("entity_number");`);

    this.addSql(`create table "kbo_enterprise" ("enterprise_number" text not null, "status" text not null, "juridical_situation" text null, "type_of_enterprise" text null, "juridical_form" text null, "juridical_form_cac" text null, "start_date" date null, primary key ("enterprise_number"));`);

    this.addSql(`create table "kbo_establishment" ("establishment_number" text not null, "start_date" date null, "enterprise_number" text not null, primary key ("establishment_number"));`);
    this.addSql(`create index "kbo_establishment_enterprise_index" on "kbo_establishment" ("enterprise_number");`);

    this.addSql(`alter table "organisation" add "kbo" jsonb null;`);

    this.addSql(`alter table "import_conflict" add constraint "import_conflict_status_check" check ("status" in ('open', 'kept', 'applied'));`);

    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('running', 'succeeded', 'failed', 'refused'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "import_conflict" cascade;`);
    this.addSql(`drop table if exists "import_rejection" cascade;`);
    this.addSql(`drop table if exists "import_run" cascade;`);
    this.addSql(`drop table if exists "kbo_activity" cascade;`);
    this.addSql(`drop table if exists "kbo_address" cascade;`);
    this.addSql(`drop table if exists "kbo_code" cascade;`);
    this.addSql(`drop table if exists "kbo_denomination" cascade;`);
    this.addSql(`drop table if exists "kbo_enterprise" cascade;`);
    this.addSql(`drop table if exists "kbo_establishment" cascade;`);

    this.addSql(`alter table "organisation" drop column "kbo";`);
  }

}
