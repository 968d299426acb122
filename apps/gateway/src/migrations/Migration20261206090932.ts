import { Migration } from '@mikro-orm/migrations';

export class Migration20261206090932 extends Migration {

  override name = 'Migration20261206090932';

  override up(): void | Promise<void> {
    this.addSql(`alter table "oauth_client" add "previous_secret_hash" text null, add "previous_secret_expires_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "oauth_client" drop column "previous_secret_hash", drop column "previous_secret_expires_at";`);
  }

}
