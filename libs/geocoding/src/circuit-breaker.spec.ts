import { setTimeout as sleep } from 'node:timers/promises';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';

const ok = () => Promise.resolve('ok');
const boom = () => Promise.reject(new Error('boom'));

/** Runs `fn` through the breaker and returns what came out, so tests can assert on errors by type. */
async function outcome<T>(breaker: CircuitBreaker, fn: () => Promise<T>): Promise<T | Error> {
  try {
    return await breaker.execute(fn);
  } catch (error) {
    return error as Error;
  }
}

async function failTimes(breaker: CircuitBreaker, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await outcome(breaker, boom);
}

describe('CircuitBreaker', () => {
  it('starts closed and passes results and errors through', async () => {
    const breaker = new CircuitBreaker();
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    await expect(breaker.execute(boom)).rejects.toThrow('boom');
    expect(breaker.state).toBe('closed');
  });

  it('opens after failureThreshold consecutive failures, not before', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 60_000 });
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(2);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 60_000 });
    await failTimes(breaker, 2);
    await breaker.execute(ok);
    expect(breaker.consecutiveFailures).toBe(0);
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  it('while open, fails immediately with CircuitOpenError without calling the function', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 60_000 });
    await failTimes(breaker, 1);
    let calls = 0;
    const result = await outcome(breaker, async () => {
      calls++;
      return 'called';
    });
    expect(result).toBeInstanceOf(CircuitOpenError);
    expect((result as CircuitOpenError).retryAfterMs).toBeGreaterThan(59_000);
    expect(calls).toBe(0);
  });

  it('turns half-open after resetAfterMs; a successful trial closes it', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetAfterMs: 50 });
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('open');
    await sleep(80);
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it('re-opens on a failed trial, after a single failure, and waits resetAfterMs again', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 50 });
    await failTimes(breaker, 3);
    await sleep(80);
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(boom)).rejects.toThrow('boom');
    expect(breaker.state).toBe('open');
    expect(await outcome(breaker, ok)).toBeInstanceOf(CircuitOpenError);
    await sleep(80);
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('lets a single trial through in half-open: concurrent calls fail fast until it settles', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 20 });
    await failTimes(breaker, 1);
    await sleep(40);
    let release!: () => void;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve('trial'))));
    expect(breaker.state).toBe('half-open');
    let calls = 0;
    const concurrent = await outcome(breaker, async () => {
      calls++;
      return 'concurrent';
    });
    expect(concurrent).toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(0);
    release();
    await expect(trial).resolves.toBe('trial');
    expect(breaker.state).toBe('closed');
  });

  it('rejects invalid options', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ resetAfterMs: -1 })).toThrow(RangeError);
  });
});
