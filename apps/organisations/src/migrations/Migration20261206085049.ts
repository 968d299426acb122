import { Migration } from '@mikro-orm/migrations';

export class Migration20261206085049 extends Migration {

  override name = 'Migration20261206085049';

  override up(): void | Promise<void> {
    this.addSql(`create table "reference_list" ("list" text not null, "version" int not null, primary key ("list"));`);

    this.addSql(`alter table "reference_list" add constraint "reference_list_list_check" check ("list" in ('legal-status', 'access-modality', 'offer-kind', 'target-public', 'language', 'action-zone'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reference_list" cascade;`);
  }

}
