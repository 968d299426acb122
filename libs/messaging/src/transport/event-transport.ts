import type { EventEnvelope } from '@care/contracts';
import type { HealthReport } from '@care/kernel';

/**
 * The event bus port. Two adapters implement it with the same guarantees, checked by one
 * contract suite (`testing/transport-contract.ts`):
 * - `postgres`: a durable log table in the bus database (default, one machine);
 * - `kafka`: topics per entity stream, keyed by aggregate id (production).
 *
 * Guarantees: at-least-once delivery per consumer group, order per aggregate id within a stream,
 * redelivery of whatever was not committed when a consumer died, poison events set aside to a
 * dead letter store after `maxAttempts`, replay of a group from the beginning.
 * Exactly-once *effect* is the consumer's job (inbox, see `inbox/`).
 */
export interface EventTransport {
  readonly kind: 'postgres' | 'kafka';
  /** Appends envelopes in the given order; a duplicate event id is ignored where the transport can tell. */
  publish(envelopes: readonly EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Moves a group back (replay): to the beginning of the log, to just after a log position
   * (postgres only: Kafka positions are per partition), or to the first event appended at or after
   * a time. The postgres transport tells a running group at once; Kafka needs the group stopped.
   */
  resetGroup(group: string, to: ReplayFrom, types?: readonly string[]): Promise<void>;
  lag(group: string, types: readonly string[]): Promise<ConsumerLag>;
  deadLetters(group: string): Promise<DeadLetter[]>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/** Where a replay starts. */
export type ReplayFrom = 'beginning' | { after: string } | { at: Date };

export interface SubscribeOptions {
  /** Consumer group: one logical consumer (a service's projection); its position is shared by its instances. */
  group: string;
  /** Event types the group wants; others are skipped. */
  types: readonly string[];
  /**
   * Applies events in log order, all or nothing (one transaction on the consumer side). When a
   * batch fails, the transport retries its events one by one, so a poison event is isolated.
   */
  handle: (envelopes: readonly EventEnvelope[]) => Promise<void>;
  /** Largest batch handed to `handle`. Default 100. */
  maxBatch?: number;
  /** Attempts before an event goes to the dead letter store. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. Default 100 ms. */
  retryBackoffMs?: number;
  /** Told once an event has been set aside in the dead letters (metrics). */
  onDeadLetter?: (envelope: EventEnvelope, attempts: number) => void;
}

export interface Subscription {
  readonly group: string;
  /** Stops after the event in progress and commits what was processed. */
  close(): Promise<void>;
}

export interface ConsumerLag {
  group: string;
  /** Events appended but not yet committed by the group (matching its types where the transport can tell). */
  lag: number;
  committed: string | null;
  head: string | null;
}

export interface DeadLetter {
  group: string;
  eventId: string;
  type: string;
  attempts: number;
  error: string;
  envelope: EventEnvelope;
  failedAt: string;
}

/** Thrown by a handler for an event that can never succeed (e.g. it violates its contract): no retries. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

export function retryDelay(attempt: number, baseMs: number): number {
  // Exponential with a ceiling, so a stuck dependency is retried at most every 30 s.
  return Math.min(baseMs * 2 ** (attempt - 1), 30_000);
}

export interface DeliveryHooks {
  /** Waits between attempts; rejects or returns early when the subscription is closing. */
  backoff(ms: number): Promise<void>;
  closing(): boolean;
  deadLetter(envelope: EventEnvelope, error: unknown, attempts: number): Promise<void>;
}

/** The subscription closed while an event was still failing: it stays uncommitted and is redelivered. */
export class DeliveryInterrupted extends Error {
  constructor(
    /** Events of the batch settled before the interruption (they may be committed). */
    readonly settled: number,
    options?: { cause?: unknown },
  ) {
    super(`delivery interrupted after ${settled} event(s)`, options);
  }
}

/**
 * The delivery policy both transports share: the whole batch first; if it fails, each event alone
 * with exponential backoff, a `NonRetryableError` or the last attempt sending it to the dead
 * letters. Returns the number of events settled (delivered or dead-lettered), in order.
 */
export async function deliverBatch(batch: readonly EventEnvelope[], options: SubscribeOptions, hooks: DeliveryHooks): Promise<number> {
  if (batch.length === 0) return 0;
  if (batch.length > 1) {
    try {
      await options.handle(batch);
      return batch.length;
    } catch {
      // fall through: isolate the failing event
    }
  }
  const maxAttempts = options.maxAttempts ?? 5;
  let settled = 0;
  for (const envelope of batch) {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle([envelope]);
        break;
      } catch (error) {
        if (error instanceof NonRetryableError || attempt >= maxAttempts) {
          await hooks.deadLetter(envelope, error, attempt);
          options.onDeadLetter?.(envelope, attempt);
          break;
        }
        if (hooks.closing()) throw new DeliveryInterrupted(settled, { cause: error });
        await hooks.backoff(retryDelay(attempt, options.retryBackoffMs ?? 100));
      }
    }
    settled++;
  }
  return settled;
}
