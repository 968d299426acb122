import pg from 'pg';
import type { EventEnvelope } from '@care/contracts';
import { streamOf } from '@care/contracts';
import type { HealthReport } from '@care/kernel';
import {
  DeliveryInterrupted,
  deliverBatch,
  type ConsumerLag,
  type DeadLetter,
  type EventTransport,
  type ReplayFrom,
  type SubscribeOptions,
  type Subscription,
} from '../event-transport.js';
import { WakeSignal } from '../../support/wake-signal.js';

export interface PostgresEventLogOptions {
  /** URL of the bus database (`care_event_bus` in embedded mode). */
  url: string;
  /** Events older than this are deleted, but never before every known group has read them. 0 keeps all. */
  retentionDays?: number;
  /** Rows fetched per read; also the commit interval of a group's position. */
  batchSize?: number;
  /** Safety net when a notification is lost (e.g. a dropped connection); not a polling loop. */
  idlePollMs?: number;
  /** How often a standby instance of a group retries to take over. */
  standbyRetryMs?: number;
  poolMax?: number;
  onError?: (error: unknown, context: string) => void;
}

const CHANNEL = 'care_event_log';
/** Tells the active instance of a group that its position was moved (replay). */
const RESET_CHANNEL = 'care_consumer_reset';
// One application-wide key serialises appends so positions are assigned in commit order: a reader
// that sees position N has seen every committed position below N.
const APPEND_LOCK = 7_413_201;

/**
 * `postgres` transport: a durable, ordered log in the bus database, consumer groups with
 * committed positions, LISTEN/NOTIFY wake-ups, dead letters and retention. One active instance
 * per group (session advisory lock); other instances wait on standby.
 */
export class PostgresEventLog implements EventTransport {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private retentionTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: PostgresEventLogOptions) {
    this.pool = new pg.Pool({ connectionString: withAppName(options.url, 'care-event-log'), max: options.poolMax ?? 5 });
    this.pool.on('error', (error) => this.reportError(error, 'pool'));
    if (options.retentionDays && options.retentionDays > 0) {
      this.retentionTimer = setInterval(() => void this.applyRetention().catch((e) => this.reportError(e, 'retention')), 3_600_000);
      this.retentionTimer.unref();
    }
  }

  async publish(envelopes: readonly EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    // One statement, one round trip: the advisory lock is taken before any position is drawn (the
    // sort is blocking), so positions follow commit order; the statement trigger notifies consumers.
    await this.pool.query(
      `with append_lock as materialized (select pg_advisory_xact_lock($6))
       insert into event_log (event_id, stream, type, key, envelope)
       select e.event_id, e.stream, e.type, e.key, e.envelope
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) with ordinality
              as e(event_id, stream, type, key, envelope, ord), append_lock
        order by e.ord
       on conflict (event_id) do nothing`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => streamOf(e.type)),
        envelopes.map((e) => e.type),
        envelopes.map((e) => e.aggregateId),
        envelopes.map((e) => JSON.stringify(e)),
        APPEND_LOCK,
      ],
    );
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('event log is closed');
    await this.pool.query(`insert into consumer_group (name) values ($1) on conflict (name) do nothing`, [options.group]);
    const subscription = new PostgresSubscription(this.options, options, (error, context) => this.reportError(error, context), () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async resetGroup(group: string, to: ReplayFrom): Promise<void> {
    const position = await this.positionBefore(to);
    await this.pool.query(
      `insert into consumer_group (name, position) values ($1, $2)
       on conflict (name) do update set position = excluded.position, updated_at = now()`,
      [group, position],
    );
    await this.pool.query(`select pg_notify('${RESET_CHANNEL}', $1)`, [group]);
  }

  /** The log position a replay restarts after: its events from the next position on are delivered again. */
  async positionBefore(to: ReplayFrom): Promise<string> {
    if (to === 'beginning') return '0';
    if ('after' in to) {
      if (!/^\d+$/.test(to.after)) throw new RangeError(`a log position is a whole number, got "${to.after}"`);
      return to.after;
    }
    const { rows } = await this.pool.query<{ position: string }>(
      'select coalesce(max(position), 0) as position from event_log where appended_at < $1',
      [to.at],
    );
    return rows[0]!.position;
  }

  /** Ids of the events after `position` (of `types` when given), in log order, a page at a time. */
  async *eventIdsAfter(position: string, types: readonly string[] = [], pageSize = 10_000): AsyncGenerator<string[]> {
    let from = position;
    for (;;) {
      const { rows } = await this.pool.query<{ position: string; event_id: string }>(
        `select position, event_id from event_log
          where position > $1 and ($2::text[] is null or type = any($2))
          order by position limit $3`,
        [from, types.length ? types : null, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.event_id);
      from = rows[rows.length - 1]!.position;
    }
  }

  async lag(group: string, types: readonly string[]): Promise<ConsumerLag> {
    const { rows } = await this.pool.query<{ committed: string | null; head: string | null; lag: string }>(
      `with g as (select position from consumer_group where name = $1)
       select (select position from g) as committed,
              (select max(position) from event_log) as head,
              (select count(*) from event_log
                where position > coalesce((select position from g), 0)
                  and ($2::text[] is null or type = any($2))) as lag`,
      [group, types.length ? types : null],
    );
    const row = rows[0]!;
    return { group, committed: row.committed, head: row.head, lag: Number(row.lag) };
  }

  async deadLetters(group: string): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query(
      `select group_name, event_id, type, attempts, error, envelope, failed_at
         from dead_letter where group_name = $1 order by id`,
      [group],
    );
    return rows.map((r) => ({
      group: r.group_name,
      eventId: r.event_id,
      type: r.type,
      attempts: r.attempts,
      error: r.error,
      envelope: r.envelope,
      failedAt: new Date(r.failed_at).toISOString(),
    }));
  }

  async health(): Promise<HealthReport> {
    try {
      const { rows } = await this.pool.query<{ head: string | null }>('select max(position) as head from event_log');
      return { status: 'up', details: { transport: this.kind, head: rows[0]?.head ?? null, subscriptions: this.subscriptions.size } };
    } catch (error) {
      return { status: 'down', details: { transport: this.kind, error: (error as Error).message } };
    }
  }

  /** Deletes expired events that every known group has already committed. */
  async applyRetention(): Promise<number> {
    const days = this.options.retentionDays ?? 0;
    if (days <= 0) return 0;
    const result = await this.pool.query(
      `delete from event_log
        where appended_at < now() - make_interval(days => $1)
          and position <= (select coalesce(min(position), 0) from consumer_group)`,
      [days],
    );
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.retentionTimer);
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.pool.end();
  }

  private reportError(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }
}

class PostgresSubscription implements Subscription {
  readonly group: string;
  private client: pg.Client | undefined;
  private running = true;
  private readonly signal = new WakeSignal();
  private loop: Promise<void> | undefined;
  /** Committed position, read once per connection and again after a reset notification. */
  private position: string | undefined;

  constructor(
    private readonly log: PostgresEventLogOptions,
    private readonly options: SubscribeOptions,
    private readonly reportError: (error: unknown, context: string) => void,
    private readonly onClosed: () => void,
  ) {
    this.group = options.group;
  }

  start(): void {
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.running = false;
    this.signal.stop();
    await this.loop;
    this.onClosed();
  }

  /** Connects, becomes the active instance of the group, consumes; reconnects after a failure. */
  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.connectAndConsume();
      } catch (error) {
        if (!this.running) break;
        this.reportError(error, `consumer ${this.group}`);
        await this.signal.wait(1_000, false);
      } finally {
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
      }
    }
  }

  private async connectAndConsume(): Promise<void> {
    const client = new pg.Client({ connectionString: withAppName(this.log.url, `care-consumer-${this.group}`) });
    client.on('error', (error) => this.reportError(error, `consumer ${this.group} connection`));
    await client.connect();
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === RESET_CHANNEL && message.payload === this.group) this.position = undefined;
      this.signal.notify();
    });
    await client.query(`listen ${CHANNEL}`);
    await client.query(`listen ${RESET_CHANNEL}`);
    // A group position lost in a crash only means redelivery, which the consumer's inbox absorbs:
    // its commits need not wait for the disk (one fsync less per batch). Dead letters are written
    // on this connection too and are equally recoverable (the event stays in the log).
    await client.query('set synchronous_commit = off');
    // Session lock: released by PostgreSQL if this process dies, so a standby takes over.
    while (this.running) {
      const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtextextended($1, 0)) as ok`, [`care.consumer:${this.group}`]);
      if (rows[0]?.ok) break;
      await this.signal.wait(this.log.standbyRetryMs ?? 2_000, false);
    }
    this.position = undefined;
    while (this.running) {
      this.signal.takePending();
      const consumed = await this.consumeBatch(client);
      if (consumed === 0) await this.signal.wait(this.log.idlePollMs ?? 10_000);
    }
  }

  private async consumeBatch(client: pg.Client): Promise<number> {
    if (this.position === undefined) {
      const { rows: groupRows } = await client.query<{ position: string }>('select position from consumer_group where name = $1', [this.group]);
      this.position = groupRows[0]?.position ?? '0';
    }
    const from = this.position;
    const { rows } = await client.query<{ position: string; envelope: EventEnvelope; type: string; event_id: string }>(
      `select position, envelope, type, event_id from event_log
        where position > $1 and type = any($2)
        order by position limit $3`,
      [from, this.options.types, this.options.maxBatch ?? 100],
    );
    if (rows.length === 0) return 0;
    let settled = 0;
    try {
      settled = await deliverBatch(
        rows.map((r) => r.envelope),
        this.options,
        {
          closing: () => !this.running,
          backoff: (ms) => this.signal.wait(ms, false),
          deadLetter: (envelope, error, attempts) => this.deadLetter(client, rows.find((r) => r.event_id === envelope.id)!, error, attempts),
        },
      );
    } catch (error) {
      if (!(error instanceof DeliveryInterrupted)) throw error;
      settled = error.settled;
    }
    if (settled > 0) {
      // Conditional commit: a concurrent reset (replay) wins over the in-memory position.
      const to = rows[settled - 1]!.position;
      const { rowCount } = await client.query(`update consumer_group set position = $2, updated_at = now() where name = $1 and position = $3`, [
        this.group,
        to,
        from,
      ]);
      this.position = rowCount === 1 ? to : undefined;
    }
    return settled;
  }

  private async deadLetter(client: pg.Client, row: { position: string; envelope: EventEnvelope; type: string; event_id: string }, error: unknown, attempts: number): Promise<void> {
    this.reportError(error, `consumer ${this.group}: event ${row.event_id} dead-lettered after ${attempts} attempt(s)`);
    await client.query(
      `insert into dead_letter (group_name, position, event_id, type, attempts, error, envelope)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (group_name, event_id) do nothing`,
      [this.group, row.position, row.event_id, row.type, attempts, String((error as Error)?.stack ?? error).slice(0, 4000), JSON.stringify(row.envelope)],
    );
  }
}

function withAppName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}
