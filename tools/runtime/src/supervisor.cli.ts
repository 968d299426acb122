import { redactUrl } from '@care/persistence';
import { startPlatform } from './platform.js';
import { runtimeOptions } from './runtime-config.js';

/**
 * Runs the platform until told to stop. Started by `start.cli` in its own process group, so a
 * Ctrl-C in the terminal reaches only the launcher, and services stop before PostgreSQL
 * (PostgreSQL would otherwise get the terminal's SIGINT at the same time as the services).
 */
const started = Date.now();
const print = (line: string) => process.stdout.write(`${line}\n`);
let options;
try {
  options = runtimeOptions();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(78);
}
let platform: Awaited<ReturnType<typeof startPlatform>> | undefined;
let shuttingDown = false;
const shutdown = (signal: string) => {
  if (shuttingDown) {
    print('forced exit');
    process.exit(130);
  }
  shuttingDown = true;
  print(`\n${signal}: stopping services and PostgreSQL…`);
  void (platform?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
// The launcher is gone (killed, terminal closed): never leave the platform running without it.
process.on('disconnect', () => shutdown('launcher gone'));

try {
  platform = await startPlatform({ ...options, echo: print });
} catch (error) {
  process.stderr.write(`Start-up failed: ${(error as Error).message}\n`);
  process.exit(1);
}
if (shuttingDown) await new Promise(() => undefined);
const { urls } = platform;
print(`\nSocial Brussels CARE is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
print(`  Gateway (public entry)   ${urls['gateway']}            OpenAPI ${urls['gateway']}/docs`);
for (const [name, url] of Object.entries(urls)) if (name !== 'gateway') print(`  ${name.padEnd(24)} ${url}   health ${url}/health   OpenAPI ${url}/docs`);
print(`  PostgreSQL               ${redactUrl(platform.serverUrl)}${platform.embedded ? ' (embedded)' : ''}`);
print(`  Logs                     ${options.logDir}`);
print('Press Ctrl-C to stop.');
process.send?.({ ready: true, urls });
