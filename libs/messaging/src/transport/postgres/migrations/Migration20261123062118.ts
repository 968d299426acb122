import { Migration } from '@mikro-orm/migrations';

export class Migration20261123062118 extends Migration {

  override name = 'Migration20261123062118';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "event_log_event_log_notify_fn"() returns trigger as \$\$ begin perform pg_notify('care_event_log', ''); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "event_log_notify" AFTER INSERT on "event_log" for each STATEMENT execute function "event_log_event_log_notify_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "event_log_notify" on "event_log";`);
    this.addSql(`drop function if exists "event_log_event_log_notify_fn"();`);
  }

}
