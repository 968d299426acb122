import type { ChildProcess } from 'node:child_process';

/**
 * A deterministic pseudo-random sequence for crash tests: print the seed, so that a failing run
 * can be replayed with the same kill moments.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Kills a child process with SIGKILL (no shutdown hook runs) and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
