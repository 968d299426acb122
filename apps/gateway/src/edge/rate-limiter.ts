/** A token bucket: `burst` requests at once, refilled at `perMinute` per minute. */
export interface BucketLimit {
  perMinute: number;
  burst: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets in this instance's memory (per API key, machine client or IP). With N gateway
 * instances behind a load balancer a caller gets up to N times the limit; in exchange no request
 * waits for a shared store. The trade-off is documented in docs/architecture.md.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  take(key: string, limit: BucketLimit, now = Date.now()): RateDecision {
    const ratePerMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1_000)) };
  }

  /** Buckets full again hold no information: dropped once a minute so memory follows active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 600_000) this.buckets.delete(key);
  }
}
