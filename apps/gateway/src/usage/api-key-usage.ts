import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

const FLUSH_MS = 5_000;
const brusselsDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Counts requests per API key and Brussels calendar day. Counts are added up in memory and
 * written every few seconds (and at shutdown) with one upsert per key and day, so counting costs
 * a request nothing; a crash loses at most the last FLUSH_MS of counts.
 */
@Injectable()
export class ApiKeyUsage implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeyUsage');
  private pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly em: EntityManager) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => this.logger.error({ err: error }, 'usage flush failed')), FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  count(apiKeyId: string, at = new Date()): void {
    const key = `${apiKeyId}|${brusselsDay.format(at)}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch].map(([key, requests]) => {
      const [apiKeyId, day] = key.split('|');
      return { apiKeyId, day, requests };
    });
    try {
      await this.em.fork().execute(
        `insert into api_key_usage (api_key_id, day, requests)
         select r."apiKeyId", r.day, r.requests from jsonb_to_recordset(?::jsonb) as r("apiKeyId" uuid, day date, requests bigint)
         on conflict (api_key_id, day) do update set requests = api_key_usage.requests + excluded.requests`,
        [JSON.stringify(rows)],
      );
    } catch (error) {
      for (const [key, requests] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + requests);
      throw error;
    }
  }

  async usage(apiKeyId: string, from?: string, to?: string): Promise<{ day: string; requests: number }[]> {
    await this.flush();
    const rows = await this.em.fork().execute<{ day: string; requests: string }[]>(
      `select to_char(day, 'YYYY-MM-DD') as day, requests from api_key_usage
        where api_key_id = ? and day >= ?::date and day <= ?::date order by day`,
      [apiKeyId, from ?? '0001-01-01', to ?? '9999-12-31'],
    );
    return rows.map((r) => ({ day: r.day, requests: Number(r.requests) }));
  }
}
