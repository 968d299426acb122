import { Migration } from '@mikro-orm/migrations';

export class Migration20261123074957 extends Migration {

  override name = 'Migration20261123074957';

  override up(): void | Promise<void> {
    // Written by hand: the extension the trigram name index needs (the diff does not emit it).
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create table "care_provider" ("id" text not null, "nihii" text not null, "version" int not null default 1, "first_name" text not null, "last_name" text not null, "profession_kind" text not null, "qualification_code" text not null, "specialisations" text[] not null, "convention" text null, "languages" text[] not null, "gender" text null, "gender_public" boolean not null default false, "accepting_new_patients" jsonb null, "direct_contacts" jsonb not null, "approval_status" text null, "objections" text[] not null, "status" text not null default 'active', "inactive_reason" text null, "source" text not null, "source_hash" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "search_text" text not null default '', primary key ("id"));`);
    this.addSql(`alter table "care_provider" add constraint "care_provider_nihii_unique" unique ("nihii");`);
    this.addSql(`create index "care_provider_profession_index" on "care_provider" ("profession_kind");`);
    this.addSql(`create index "care_provider_search_trgm_index" on "care_provider" using gin ("search_text" gin_trgm_ops);`);

    this.addSql(`create table "cobrha_staging" ("line" int not null, "person_id" text not null, "row" jsonb not null, primary key ("line"));`);
    this.addSql(`create index "cobrha_staging_person_index" on "cobrha_staging" ("person_id");`);

    this.addSql(`create table "import_conflict" ("id" bigserial primary key, "run_id" bigint not null, "entity_type" text not null, "entity_id" text not null, "field" text not null, "current" jsonb null, "incoming" jsonb null, "status" text not null default 'open', "created_at" timestamptz not null, "resolved_at" timestamptz null, "resolved_by" text null);`);
    this.addSql(`create index "import_conflict_status_index" on "import_conflict" ("status");`);

    this.addSql(`create table "import_rejection" ("id" bigserial primary key, "run_id" bigint not null, "severity" text not null default 'rejected', "file" text not null, "line" int not null, "reason" text not null, "raw" text not null);`);
    this.addSql(`create index "import_rejection_run_index" on "import_rejection" ("run_id");`);

    this.addSql(`create table "import_run" ("id" bigserial primary key, "kind" text not null, "actor" text not null, "source" text not null, "extract_number" int null, "status" text not null default 'running', "counts" jsonb not null, "message" text null, "started_at" timestamptz not null, "finished_at" timestamptz null);`);
    this.addSql(`create index "import_run_kind_index" on "import_run" ("kind");`);

    this.addSql(`create table "linked_site" ("id" int not null, "status" text not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "practice" ("id" text not null, "provider_id" text not null, "version" int not null default 1, "address" jsonb not null, "contacts" jsonb not null, "opening_hours" jsonb null, "appointment_modes" text[] not null, "organisation_enterprise_number" text null, "site_id" int null, "site_status" text null, "active" boolean not null default true, "municipality_nis" text null, "lat" double precision null, "lon" double precision null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "practice_provider_index" on "practice" ("provider_id");`);
    this.addSql(`create index "practice_site_index" on "practice" ("site_id");`);
    this.addSql(`create index "practice_municipality_index" on "practice" ("municipality_nis");`);

    this.addSql(`alter table "care_provider" add constraint "care_provider_status_check" check ("status" in ('active', 'inactive'));`);

    this.addSql(`alter table "import_conflict" add constraint "import_conflict_status_check" check ("status" in ('open', 'kept', 'applied'));`);

    this.addSql(`alter table "import_rejection" add constraint "import_rejection_severity_check" check ("severity" in ('rejected', 'warning'));`);

    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('running', 'succeeded', 'failed', 'refused'));`);

    this.addSql(`alter table "linked_site" add constraint "linked_site_status_check" check ("status" in ('published', 'unpublished'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "care_provider" cascade;`);
    this.addSql(`drop table if exists "cobrha_staging" cascade;`);
    this.addSql(`drop table if exists "import_conflict" cascade;`);
    this.addSql(`drop table if exists "import_rejection" cascade;`);
    this.addSql(`drop table if exists "import_run" cascade;`);
    this.addSql(`drop table if exists "linked_site" cascade;`);
    this.addSql(`drop table if exists "practice" cascade;`);
  }

}
