import path from 'node:path';
import pg from 'pg';
import { embeddedServerUrl, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@care/persistence';
import { runtimeOptions } from './runtime-config.js';
import { databaseOf } from './services.js';

export interface PlatformServer {
  serverUrl: string;
  /** URL of a platform database: a service's, or `event-bus`. */
  databaseUrl(name: string): string;
  /** Stops the embedded cluster if this command started it. */
  close(): Promise<void>;
}

/**
 * The PostgreSQL server of the platform of `npm start`, for operations commands: DATABASE_URL's
 * server when set; otherwise the embedded cluster, used in place when it runs or started for the
 * command (and stopped after it).
 */
export async function platformServer(env: NodeJS.ProcessEnv = process.env): Promise<PlatformServer> {
  const options = runtimeOptions(env);
  let postgres: RunningPostgres | undefined;
  let serverUrl = env['DATABASE_URL'];
  if (!serverUrl) {
    const running = embeddedServerUrl(options.embeddedPort);
    const client = new pg.Client({ connectionString: running, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      serverUrl = running;
    } catch {
      postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort });
      serverUrl = postgres.url;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const server = serverUrl;
  return {
    serverUrl: server,
    databaseUrl: (name) => withDatabase(server, databaseOf(name, options.databasePrefix)),
    close: async () => {
      await postgres?.stop();
    },
  };
}
