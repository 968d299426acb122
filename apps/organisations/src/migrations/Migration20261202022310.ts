import { Migration } from '@mikro-orm/migrations';

export class Migration20261202022310 extends Migration {

  override name = 'Migration20261202022310';

  override up(): void | Promise<void> {
    this.addSql(`create table "site_contacts" ("site_id" int not null, "contacts" jsonb not null, "version" int not null default 1, "updated_at" timestamptz not null, "updated_by" text not null, primary key ("site_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "site_contacts" cascade;`);
  }

}
