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
}

/**
 * Typed event handlers of one consumer group. Each event is checked against its contract on
 * receipt, then applied in one transaction together with its inbox row: a redelivered event is
 * recognised and has no second effect.
 */
export class EventConsumer {
  private readonly handlers = new Map<string, Registered>();
  private subscription: Subscription | undefined;

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

  async start(): Promise<void> {
    if (this.subscription || this.handlers.size === 0) return;
    this.subscription = await this.options.transport.subscribe({
      group: this.options.group,
      types: this.types,
      handle: (envelope) => this.apply(envelope),
      maxAttempts: this.options.maxAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Validates, then applies exactly once in effect. Exposed for the transport and for tests. */
  async apply(raw: unknown): Promise<void> {
    const envelope = eventEnvelopeSchema.safeParse(raw);
    if (!envelope.success) throw new NonRetryableError(`malformed envelope: ${envelope.error.message}`);
    const registered = this.handlers.get(envelope.data.type);
    if (!registered) return; // a type this group does not handle (transports may over-deliver)
    const payload = registered.definition.schema.safeParse(envelope.data.payload);
    if (!payload.success) {
      throw new NonRetryableError(`${envelope.data.type} ${envelope.data.id} violates its contract: ${payload.error.message}`);
    }
    const event = { ...envelope.data, payload: payload.data } as EventEnvelope;
    await RequestContext.run(
      { requestId: event.id, correlationId: event.correlationId ?? event.id, language: 'fr' },
      () =>
        this.options.orm.em.fork().transactional(async (em) => {
          if (!(await recordInInbox(em, this.options.group, event.id, event.type))) return;
          await registered.handle(event as EventOf<EventDefinition>, em);
        }),
    );
  }
}
