import { spawn } from 'node:child_process';

/**
 * The V8 flags imports run with. They stream their files, so a small young generation and a
 * bounded old space keep garbage collection eager and resident memory flat (about 180 MB for a
 * full KBO extract) instead of letting the heap grow to whatever the machine has.
 */
export const IMPORT_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=128'];

/**
 * Entry of an import command line: runs `run(args)` when the process has the import flags,
 * otherwise starts itself again with them (the parent only waits, having loaded nothing heavy).
 */
export async function asImportProcess(loadAndRun: () => Promise<void>): Promise<void> {
  if (IMPORT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
    await loadAndRun();
    return;
  }
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  await new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      process.exitCode = code ?? 1;
      resolve();
    }),
  );
}

/** Runs an import command line in its own process (so a big file never weighs on a service); returns its exit code. */
export function runImportProcess(cli: string, args: readonly string[], env: NodeJS.ProcessEnv, onOutput: (text: string) => void): Promise<number | null> {
  const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  return new Promise((resolve) => child.on('exit', resolve));
}
