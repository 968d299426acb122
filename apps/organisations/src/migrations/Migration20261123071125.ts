import { Migration } from '@mikro-orm/migrations';

export class Migration20261123071125 extends Migration {

  override name = 'Migration20261123071125';

  override up(): void | Promise<void> {
    this.addSql(`alter table "import_rejection" add "severity" text not null default 'rejected';`);
    this.addSql(`alter table "import_rejection" add constraint "import_rejection_severity_check" check ("severity" in ('rejected', 'warning'));`);

    this.addSql(`alter table "site" add "geocoding_status" text not null default 'located';`);
    this.addSql(`create index "site_geocoding_status_index" on "site" ("geocoding_status");`);
    this.addSql(`alter table "site" add constraint "site_geocoding_status_check" check ("geocoding_status" in ('located', 'pending', 'not-found'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "import_rejection" drop constraint "import_rejection_severity_check";`);
    this.addSql(`alter table "import_rejection" drop column "severity";`);

    this.addSql(`drop index "site_geocoding_status_index";`);
    this.addSql(`alter table "site" drop constraint "site_geocoding_status_check";`);
    this.addSql(`alter table "site" drop column "geocoding_status";`);
  }

}
