/**
 * A sleep that a LISTEN/NOTIFY wake-up (or a stop) cuts short. Notifications that arrive while the
 * owner is busy are remembered, so none is lost between two waits.
 */
export class WakeSignal {
  private pending = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  /** An append (or an outbox insert) was notified. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** The owner is stopping: any wait ends now, every later wait returns at once. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** True if a notification arrived since the last call. */
  takePending(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }

  /**
   * Waits up to `ms`. With `untilNotified` a notification ends the wait (idle waits); without it
   * only a stop does (retry backoff must not be shortened by unrelated appends).
   */
  wait(ms: number, untilNotified = true): Promise<void> {
    if (this.stopped || (untilNotified && this.pending)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (untilNotified || this.stopped) done();
      };
    });
  }
}
