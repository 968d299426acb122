import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { EVENT_BUS_DATABASE } from '@care/messaging';
import { runDatabaseCommand, startEmbeddedPostgres, waitForServer, withDatabase, type RunningPostgres } from '@care/persistence';
import { databaseOf, DEMO_SERVICES, REPO_ROOT, SERVICES, serviceCli, serviceEntry } from './services.js';

export interface PlatformOptions {
  /** External server (DATABASE_URL). Without it an embedded PostgreSQL is started. */
  serverUrl?: string;
  dataDir: string;
  embeddedPort: number;
  /** Durable commits on the embedded cluster (off only for throw-away test clusters). */
  durable: boolean;
  /** Prefix of the database names (`care_` → care_organisations, care_event_bus, …). */
  databasePrefix?: string;
  /** Port per service; the gateway's is the public one. */
  ports: Record<string, number>;
  host: string;
  logLevel: string;
  /** Load the demo dataset into an empty directory before the services start. */
  demoData: boolean;
  /** Extra environment for every service (e.g. EVENT_BUS=kafka). */
  env?: NodeJS.ProcessEnv;
  /** Where each service's JSON log goes; warnings and errors are also echoed to `echo`. */
  logDir: string;
  echo?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningPlatform {
  serverUrl: string;
  embedded: boolean;
  urls: Record<string, string>;
  /** Process id of each service (benchmarks read a service's memory in /proc). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Brings the platform up: PostgreSQL (embedded unless a server URL is given), one database per
 * service plus the bus database, committed migrations, the six services as child processes.
 * Resolves once every `/health` answers 200.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const echo = options.echo ?? (() => undefined);
  let postgres: RunningPostgres | undefined;
  const children: Child[] = [];
  const logs: WriteStream[] = [];
  let stopping: Promise<void> | undefined;

  const stop = () =>
    (stopping ??= (async () => {
      // Services first (they drain requests, consumers and the outbox relay), PostgreSQL last.
      await Promise.all(children.map((child) => stopChild(child)));
      await postgres?.stop();
      await Promise.all(logs.map((log) => new Promise((resolve) => log.end(resolve))));
    })());

  try {
    let serverUrl = options.serverUrl;
    if (!serverUrl) {
      postgres = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, 'postgres'),
        port: options.embeddedPort,
        durable: options.durable,
        onLog: () => undefined,
      });
      serverUrl = postgres.url;
      echo(`PostgreSQL (embedded) on 127.0.0.1:${options.embeddedPort}, data in ${postgres.dataDir}`);
    } else {
      await waitForServer(serverUrl);
    }
    const prefix = options.databasePrefix ?? 'care_';
    const busUrl = withDatabase(serverUrl, databaseOf('event-bus', prefix));
    await runDatabaseCommand(EVENT_BUS_DATABASE, 'migrate', busUrl, echo);
    await Promise.all(SERVICES.map((s) => runServiceCli(s.name, ['database.cli.js', 'migrate'], withDatabase(serverUrl!, databaseOf(s.name, prefix)), echo)));
    // Each service loads its own demo data once (a no-op when present), through its own code.
    // Loaders publish their events to the bus, so later loaders (agréments) can consume them.
    if (options.demoData) {
      for (const name of DEMO_SERVICES) {
        const started = Date.now();
        await runServiceCli(name, ['demo.cli.js'], withDatabase(serverUrl, databaseOf(name, prefix)), echo, { EVENT_BUS_DATABASE_URL: busUrl });
        echo(`${name}: demo loader done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    }

    mkdirSync(options.logDir, { recursive: true });
    const urls: Record<string, string> = {};
    for (const service of SERVICES) urls[service.name] = `http://${options.host}:${options.ports[service.name]}`;
    const upstreams = Object.fromEntries(SERVICES.map((s) => [`${s.name.replace(/-/g, '_').toUpperCase()}_URL`, urls[s.name]]));
    const launch = (service: (typeof SERVICES)[number]) => {
      const log = createWriteStream(path.join(options.logDir, `${service.name}.log`), { flags: 'a' });
      logs.push(log);
      const child = fork(serviceEntry(service.name), [], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: {
          ...process.env,
          CARE_ENV: 'development',
          HOST: options.host,
          PORT: String(options.ports[service.name]),
          LOG_LEVEL: options.logLevel,
          DATABASE_URL: withDatabase(serverUrl, databaseOf(service.name, prefix)),
          EVENT_BUS: 'postgres',
          EVENT_BUS_DATABASE_URL: busUrl,
          ...(service.nodeOptions ? { NODE_OPTIONS: service.nodeOptions } : {}),
          ...upstreams,
          ...options.env,
        },
      });
      const started: Child = { name: service.name, process: child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
      children.push(started);
      pipeLog(service.name, child, log, echo);
      return started;
    };
    const healthy = (started: Child) => waitHealthy(started, urls[started.name]!, options.startTimeoutMs ?? 180_000);
    // The front door opens last: the gateway's portal catalog and aggregated OpenAPI read the services as it starts.
    await Promise.all(SERVICES.filter((s) => s.name !== 'gateway').map((s) => healthy(launch(s))));
    await Promise.all(SERVICES.filter((s) => s.name === 'gateway').map((s) => healthy(launch(s))));
    const pids = Object.fromEntries(children.map((child) => [child.name, child.process.pid!]));
    return { serverUrl, embedded: !!postgres, urls, pids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs a command-line entry of a service (`dist/<script>`) on its database, as a process. */
function runServiceCli(name: string, [script, ...args]: string[], url: string, echo: (line: string) => void, env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serviceCli(name, script!), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      if (code === 0) {
        output.trim().split('\n').filter(Boolean).forEach((line) => echo(line));
        resolve();
      } else reject(new Error(`${name} ${script} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Every line goes to the service's log file; warnings and above are echoed to the console. */
function pipeLog(name: string, child: ChildProcess, file: WriteStream, echo: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      file.write(`${line}\n`);
      let level = 50;
      let message = line;
      try {
        const entry = JSON.parse(line) as { level?: number; message?: string; msg?: string; err?: { message?: string } };
        level = entry.level ?? 30;
        message = [entry.message ?? entry.msg, entry.err?.message].filter(Boolean).join(': ');
      } catch {
        // not JSON: a crash trace or a configuration error, always shown
      }
      if (level >= 40) echo(`[${name}] ${message}`);
    });
  }
}

async function waitHealthy(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  let last = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${child.name} exited with code ${exitCode} during start-up (see its log)`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} not healthy after ${timeoutMs} ms: ${last}`);
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
  await child.exited;
  clearTimeout(timer);
}
