import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AGREMENTS_CONFIG, type AgrementsConfig } from '../config/agrements.config.js';
import { brusselsToday, HoldingCommands } from './holding.commands.js';

/**
 * The daily expiry: holdings whose end date passed become expired (one event each). It runs at
 * start and then every AGREMENTS_EXPIRY_CHECK_MINUTES: a pass finds nothing once the day's work
 * is done, so a missed day (service down at midnight) is caught up at the next pass.
 */
@Injectable()
export class ExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiryJob');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly commands: HoldingCommands,
    @Inject(AGREMENTS_CONFIG) private readonly config: AgrementsConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), this.config.AGREMENTS_EXPIRY_CHECK_MINUTES * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass for `today` (Brussels); returns how many holdings expired. */
  run(today = brusselsToday()): Promise<number> {
    this.running ??= this.commands
      .expireDue(today)
      .then((n) => {
        if (n > 0) this.logger.log(`${n} holding(s) expired (end date before ${today})`);
        return n;
      })
      .catch((error: unknown) => {
        this.logger.error(`expiry pass failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
