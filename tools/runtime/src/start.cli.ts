import { fork } from 'node:child_process';

/**
 * `npm start`: the whole platform on one machine until Ctrl-C. The work happens in a supervisor
 * process in its own process group (see supervisor.cli.ts); this launcher only relays signals,
 * so Ctrl-C stops the services first and PostgreSQL last, and leaves no process behind.
 */
const supervisor = fork(new URL('./supervisor.cli.js', import.meta.url), process.argv.slice(2), {
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let signals = 0;
const relay = (signal: NodeJS.Signals) => {
  signals++;
  supervisor.kill(signals > 1 ? 'SIGKILL' : signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
};
process.on('SIGINT', relay);
process.on('SIGTERM', relay);
process.on('SIGHUP', relay);
supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
