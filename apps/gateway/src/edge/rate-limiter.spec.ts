import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter (token bucket)', () => {
  const limit = { perMinute: 60, burst: 3 };

  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter();
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('ip:a', limit, t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('ip:a', limit, t)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('ip:b', limit, t).allowed).toBe(true);
  });

  it('refills at the sustained rate, never above the burst', () => {
    const limiter = new RateLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) limiter.take('k', limit, t);
    expect(limiter.take('k', limit, t + 500).allowed).toBe(false);
    expect(limiter.take('k', limit, t + 1_600).allowed).toBe(true);
    expect(limiter.take('k', limit, t + 3_600_000)).toEqual({ allowed: true, remaining: 2 });
  });
});
