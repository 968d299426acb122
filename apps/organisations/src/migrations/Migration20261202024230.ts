import { Migration } from '@mikro-orm/migrations';

export class Migration20261202024230 extends Migration {

  override name = 'Migration20261202024230';

  override up(): void | Promise<void> {
    this.addSql(`create table "site_proposal" ("id" bigserial primary key, "site_id" int not null, "organisation_id" int not null, "base_version" int not null, "content" jsonb not null, "note" text null, "status" text not null default 'pending', "proposed_by" text not null, "proposed_at" timestamptz not null, "decided_by" text null, "decided_at" timestamptz null, "rejection_reason" jsonb null);`);
    this.addSql(`create index "site_proposal_site_index" on "site_proposal" ("site_id");`);
    this.addSql(`create index "site_proposal_status_index" on "site_proposal" ("status");`);

    this.addSql(`alter table "site_proposal" add constraint "site_proposal_status_check" check ("status" in ('pending', 'accepted', 'rejected'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "site_proposal" cascade;`);
  }

}
