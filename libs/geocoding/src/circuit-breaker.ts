/**
 * A consecutive-failure circuit breaker: it stops calling a dependency that keeps failing, so that
 * callers fail fast instead of each waiting for a timeout, and probes it again after a pause.
 *
 * closed --(failureThreshold consecutive failures)--> open --(resetAfterMs)--> half-open
 * half-open --(trial succeeds)--> closed;  half-open --(trial fails)--> open
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through. Default 30 s. */
  resetAfterMs?: number;
}

/** Thrown, without calling the protected function, while the circuit is open. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Circuit open; next trial in ${Math.max(0, Math.ceil(retryAfterMs))} ms`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly resetAfterMs: number;
  private tripped = false;
  private openedAt = 0;
  private failures = 0;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 30_000;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1)
      throw new RangeError('failureThreshold must be an integer >= 1');
    if (!(this.resetAfterMs >= 0)) throw new RangeError('resetAfterMs must be >= 0');
  }

  /** Current state; "open" turns into "half-open" by itself once resetAfterMs has elapsed. */
  get state(): CircuitState {
    if (!this.tripped) return 'closed';
    if (this.trialInFlight || this.elapsedSinceOpen() >= this.resetAfterMs) return 'half-open';
    return 'open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Runs `fn` unless the circuit is open. A rejection of `fn` counts as a failure, a resolution as a
   * success: callers decide what a failure is by throwing or returning.
   */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    // In half-open only one trial runs; the others keep failing fast until it has settled.
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.resetAfterMs - this.elapsedSinceOpen());
    }
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await fn();
      this.tripped = false;
      this.failures = 0;
      return result;
    } catch (error) {
      // The count is not reset on opening, so a failed half-open trial is already past the threshold.
      this.failures += 1;
      if (this.failures >= this.failureThreshold) {
        this.tripped = true;
        this.openedAt = performance.now();
      }
      throw error;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  // performance.now() is monotonic: a wall-clock adjustment cannot hold the circuit open or close it early.
  private elapsedSinceOpen(): number {
    return performance.now() - this.openedAt;
  }
}
