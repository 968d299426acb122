import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTransport, EventConsumer, Outbox, OutboxRelay, type EventBusConfig, type EventTransport } from '@care/messaging';
import type { HealthContributor, HealthReport } from '../health/health-contributor.js';
import { gauge, totalsCounter } from '../metrics/metrics.js';

export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');
const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');

export interface EventsModuleOptions {
  service: string;
  bus: EventBusConfig;
  /** The service's own database, where its outbox lives. */
  databaseUrl: string;
  /** Run the outbox relay (services that publish events). */
  relay: boolean;
}

/**
 * Consumer groups of the service. Handlers register in `onModuleInit`; consumption starts once the
 * application has bootstrapped and stops before the database closes.
 */
@Injectable()
export class EventConsumers {
  private readonly consumers = new Map<string, EventConsumer>();

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsModuleOptions,
  ) {}

  /** The consumer of `group` (`<service>.<purpose>`), created on first use. */
  group(group: string): EventConsumer {
    let consumer = this.consumers.get(group);
    if (!consumer) {
      consumer = new EventConsumer({ group, orm: this.orm, transport: this.transport, maxAttempts: this.options.bus.EVENT_MAX_ATTEMPTS });
      this.consumers.set(group, consumer);
    }
    return consumer;
  }

  all(): EventConsumer[] {
    return [...this.consumers.values()];
  }
}

@Injectable()
export class EventBusHealth implements HealthContributor {
  readonly healthKey = 'eventBus';
  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    private readonly consumers: EventConsumers,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}

  async health(): Promise<HealthReport> {
    const report = await this.transport.health();
    if (report.status === 'down') return report;
    try {
      const lags = await Promise.all(this.consumers.all().map((c) => this.transport.lag(c.group, c.types)));
      const outboxBacklog = this.relay ? await this.relay.backlog() : undefined;
      return { status: 'up', details: { ...report.details, consumers: lags, outboxBacklog } };
    } catch (error) {
      return { status: 'down', details: { ...report.details, error: (error as Error).message } };
    }
  }
}

@Injectable()
class EventsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Events');

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    private readonly consumers: EventConsumers,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const transport = this.transport;
    const consumers = this.consumers;
    gauge({
      name: 'care_event_consumer_lag',
      help: 'Events appended but not yet committed, per consumer group',
      labelNames: ['group'],
      async collect() {
        for (const c of consumers.all()) this.set({ group: c.group }, (await transport.lag(c.group, c.types)).lag);
      },
    });
    totalsCounter(
      { name: 'care_event_consumer_events_total', help: 'Events received per consumer group: applied, duplicate (already applied, skipped by the inbox), dead_letter', labelNames: ['group', 'outcome'] },
      () =>
        consumers.all().flatMap((c) => [
          { labels: { group: c.group, outcome: 'applied' }, value: c.counts.applied },
          { labels: { group: c.group, outcome: 'duplicate' }, value: c.counts.duplicates },
          { labels: { group: c.group, outcome: 'dead_letter' }, value: c.counts.deadLettered },
        ]),
    );
    const relay = this.relay;
    if (relay) {
      const service = this.options.service;
      gauge({
        name: 'care_outbox_backlog',
        help: 'Outbox rows not yet published',
        labelNames: ['service'],
        async collect() {
          this.set({ service }, await relay.backlog());
        },
      });
      totalsCounter({ name: 'care_outbox_published_total', help: 'Outbox rows handed to the event bus', labelNames: ['service'] }, () => [
        { labels: { service }, value: relay.published },
      ]);
      relay.start();
    }
    for (const consumer of this.consumers.all()) await consumer.start();
    this.logger.log(`event bus ${this.transport.kind}: ${this.consumers.all().length} consumer group(s), relay ${relay ? 'on' : 'off'}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.all().map((c) => c.stop()));
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

@Global()
@Module({})
export class EventsModule {
  static forRoot(options: EventsModuleOptions): DynamicModule {
    const logger = new Logger('EventBus');
    const onError = (error: unknown, context?: string) => logger.error({ err: error }, context ?? 'event bus error');
    return {
      module: EventsModule,
      providers: [
        { provide: EVENTS_OPTIONS, useValue: options },
        { provide: EVENT_TRANSPORT, useFactory: () => createTransport(options.bus, `care-${options.service}`, onError) },
        { provide: Outbox, useValue: new Outbox(options.service) },
        {
          provide: OutboxRelay,
          useFactory: (transport: EventTransport) =>
            options.relay ? new OutboxRelay({ databaseUrl: options.databaseUrl, service: options.service, transport, onError: (e) => onError(e, 'outbox relay') }) : null,
          inject: [EVENT_TRANSPORT],
        },
        EventConsumers,
        EventBusHealth,
        EventsLifecycle,
      ],
      exports: [EVENT_TRANSPORT, Outbox, OutboxRelay, EventConsumers, EventBusHealth],
    };
  }
}
