import pg from 'pg';
import type { EventEnvelope } from '@care/contracts';
import type { EventTransport } from '../transport/event-transport.js';
import { WakeSignal } from '../support/wake-signal.js';

export interface OutboxRelayOptions {
  /** The producing service's own database (where `outbox_message` lives). */
  databaseUrl: string;
  service: string;
  transport: EventTransport;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  keepPublishedHours?: number;
  idlePollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves committed outbox rows to the transport, in id order, then marks them published.
 * A crash between the two steps republishes the same event ids: the postgres log ignores them,
 * Kafka consumers drop them in their inbox. One relay per service database is active (advisory lock),
 * so per-aggregate order is kept.
 */
export class OutboxRelay {
  private client: pg.Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly signal = new WakeSignal();
  private lastCleanup = 0;
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signal.stop();
    await this.loop;
  }

  /**
   * Hands every committed row to the transport, then returns: for command-line loaders (demo
   * data) whose events other loaders consume before the services run. Waits up to `timeoutMs` for
   * a running relay of the same database to let go of its lock.
   */
  async drain(timeoutMs = 30_000): Promise<number> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    await client.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      while (!(await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtextextended('care.outbox-relay', 0)) as ok`)).rows[0]?.ok) {
        if (Date.now() > deadline) throw new Error(`${this.options.service}: another outbox relay holds the lock`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      let moved = 0;
      for (let batch = await this.relayBatch(client); batch > 0; batch = await this.relayBatch(client)) moved += batch;
      return moved;
    } finally {
      await client.end();
    }
  }

  /** Rows written but not yet handed to the transport (metric and health detail). */
  async backlog(): Promise<number> {
    const sql = 'select count(*) as n from outbox_message where published_at is null';
    // node-postgres queues queries on a client, so the relay's own connection can answer too.
    if (this.client) return Number((await this.client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.connectAndRelay();
      } catch (error) {
        if (!this.running) break;
        this.options.onError?.(error);
        await this.signal.wait(1_000, false);
      } finally {
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
      }
    }
  }

  private async connectAndRelay(): Promise<void> {
    const url = new URL(this.options.databaseUrl);
    url.searchParams.set('application_name', `care-${this.options.service}-outbox-relay`);
    const client = new pg.Client({ connectionString: url.toString() });
    client.on('error', (error) => this.options.onError?.(error));
    await client.connect();
    this.client = client;
    client.on('notification', () => this.signal.notify());
    await client.query('listen care_outbox');
    // Marking rows published need not wait for the disk: if that commit is lost in a crash, the
    // rows are published again and deduplicated downstream. Saves one fsync per relay cycle.
    await client.query('set synchronous_commit = off');
    while (this.running) {
      const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtextextended('care.outbox-relay', 0)) as ok`);
      if (rows[0]?.ok) break;
      await this.signal.wait(2_000, false);
    }
    while (this.running) {
      this.signal.takePending();
      const moved = await this.relayBatch(client);
      await this.cleanup(client);
      if (moved === 0) await this.signal.wait(this.options.idlePollMs ?? 10_000);
    }
  }

  private async relayBatch(client: pg.Client): Promise<number> {
    const { rows } = await client.query<{ id: string; envelope: EventEnvelope }>(
      'select id, envelope from outbox_message where published_at is null order by id limit $1',
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return 0;
    await this.options.transport.publish(rows.map((r) => r.envelope));
    await client.query('update outbox_message set published_at = now() where id = any($1::bigint[])', [rows.map((r) => r.id)]);
    this.published += rows.length;
    return rows.length;
  }

  private async cleanup(client: pg.Client): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await client.query(`delete from outbox_message where published_at < now() - make_interval(hours => $1)`, [
      this.options.keepPublishedHours ?? 168,
    ]);
  }
}
