import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { eventEnvelopeSchema, type EventDefinition, type EventEnvelope, type EventOf } from '@care/contracts';
import { RequestContext } from '@care/kernel';
import { recordInInbox } from '../inbox/inbox.js';
import { NonRetryableError, type EventTransport, type Subscription } from '../transport/event-transport.js';

export type EventHandler<D extends EventDefinition> = (event: EventOf<D>, em: EntityManager) => Promise<void>;

interface Registered {
  definition: EventDefinition;
  handle: EventHandler<EventDefinition>;
}

export interface EventConsumerOptions {
  /** Consumer group, also the inbox key: `<service>.<purpose>`, e.g. `search.projection`. */
  group: string;
  orm: MikroORM;
  transport: EventTransport;
  maxAttempts?: number;
  retryBackoffMs?: number;
  maxBatch?: number;
}

/**
 * Typed event handlers of one consumer group. Each event is checked against its contract on
 * receipt, then applied in one transaction together with its inbox row: a redelivered event is
 * recognised and has no second effect.
 */
export class EventConsumer {
  private readonly handlers = new Map<string, Registered>();
  private readonly batchHooks: Array<(em: EntityManager) => Promise<void>> = [];
  private subscription: Subscription | undefined;
  /** Events applied (handlers ran), skipped as already applied (inbox), and set aside: for metrics. */
  readonly counts = { applied: 0, duplicates: 0, deadLettered: 0 };

  constructor(private readonly options: EventConsumerOptions) {}

  get group(): string {
    return this.options.group;
  }

  get types(): string[] {
    return [...this.handlers.keys()];
  }

  on<D extends EventDefinition>(definition: D, handle: EventHandler<D>): this {
    if (this.handlers.has(definition.type)) throw new Error(`${this.options.group} handles ${definition.type} twice`);
    this.handlers.set(definition.type, { definition, handle: handle as unknown as EventHandler<EventDefinition> });
    return this;
  }

  /**
   * Runs after the handlers of each batch, in the same transaction: a projection can stage what its
   * handlers saw and write it in bulk (thousands of events per statement instead of one each).
   */
  afterBatch(hook: (em: EntityManager) => Promise<void>): this {
    this.batchHooks.push(hook);
    return this;
  }

  async start(): Promise<void> {
    if (this.subscription || this.handlers.size === 0) return;
    this.subscription = await this.options.transport.subscribe({
      group: this.options.group,
      types: this.types,
      handle: (envelopes) => this.applyBatch(envelopes),
      maxAttempts: this.options.maxAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
      maxBatch: this.options.maxBatch,
      onDeadLetter: () => this.counts.deadLettered++,
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /**
   * Validates each event against its contract, then applies the batch in one transaction, each
   * event together with its inbox row: exactly once in effect, all or nothing.
   */
  async applyBatch(raw: readonly unknown[]): Promise<void> {
    const events = raw.map((item) => this.validate(item)).filter((e): e is Validated => e !== undefined);
    if (events.length === 0) return;
    const first = events[0]!.event;
    const applied = await RequestContext.run({ requestId: first.id, correlationId: first.correlationId ?? first.id, language: 'fr' }, () =>
      this.options.orm.em.fork().transactional(async (em) => {
        const fresh = await recordInInbox(em, this.options.group, events.map((e) => e.event));
        for (const { event, handle } of events) {
          if (fresh.has(event.id)) await handle(event as EventOf<EventDefinition>, em);
        }
        for (const hook of this.batchHooks) await hook(em);
        return fresh.size;
      }),
    );
    // Counted once committed: a batch retried event by event is not counted twice.
    this.counts.applied += applied;
    this.counts.duplicates += events.length - applied;
  }

  private validate(raw: unknown): Validated | undefined {
    const envelope = eventEnvelopeSchema.safeParse(raw);
    if (!envelope.success) throw new NonRetryableError(`malformed envelope: ${envelope.error.message}`);
    const registered = this.handlers.get(envelope.data.type);
    if (!registered) return undefined; // a type this group does not handle (transports may over-deliver)
    const payload = registered.definition.schema.safeParse(envelope.data.payload);
    if (!payload.success) {
      throw new NonRetryableError(`${envelope.data.type} ${envelope.data.id} violates its contract: ${payload.error.message}`);
    }
    return { event: { ...envelope.data, payload: payload.data } as EventEnvelope, handle: registered.handle };
  }
}

interface Validated {
  event: EventEnvelope;
  handle: EventHandler<EventDefinition>;
}

/** What a projection registers its handlers on: a service's consumer group, or a loader's or rebuild's own consumer. */
export type EventHandlerRegistry = Pick<EventConsumer, 'on' | 'afterBatch'>;
