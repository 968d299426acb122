import { Migration } from '@mikro-orm/migrations';

export class Migration20261202021948 extends Migration {

  override name = 'Migration20261202021948';

  override up(): void | Promise<void> {
    this.addSql(`create table "availability_report" ("id" bigserial primary key, "slot" text not null, "site_id" int not null, "version" int not null, "state" jsonb not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "availability_report_site_index" on "availability_report" ("site_id", "recorded_at");`);
    this.addSql(`alter table "availability_report" add constraint "availability_report_slot_version_unique" unique ("slot", "version");`);

    this.addSql(`create table "availability_slot" ("slot" text not null, "site_id" int not null, "holding_id" uuid null, "group_code" text null, "status" text not null, "free_places" int null, "reported_at" timestamptz not null, "expires_at" timestamptz null, "reporter_kind" text not null, "reporter_id" text not null, "note" text null, "version" int not null default 1, primary key ("slot"));`);
    this.addSql(`create index "availability_slot_site_index" on "availability_slot" ("site_id");`);

    this.addSql(`alter table "holder" add "organisation_id" int null;`);

    this.addSql(`alter table "availability_slot" add constraint "availability_slot_status_check" check ("status" in ('open', 'full', 'closed'));`);
    this.addSql(`alter table "availability_slot" add constraint "availability_slot_reporter_kind_check" check ("reporter_kind" in ('staff', 'representative'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "availability_report" cascade;`);
    this.addSql(`drop table if exists "availability_slot" cascade;`);

    this.addSql(`alter table "holder" drop column "organisation_id";`);
  }

}
