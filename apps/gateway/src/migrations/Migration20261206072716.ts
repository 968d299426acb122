import { Migration } from '@mikro-orm/migrations';

export class Migration20261206072716 extends Migration {

  override name = 'Migration20261206072716';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_entry" add "request" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_entry" drop column "request";`);
  }

}
