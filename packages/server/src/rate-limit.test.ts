import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the rate, per sender', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a', t))).toEqual([true, true, true, false]);
    expect(limiter.take('b', t)).toBe(true);
    expect(limiter.take('a', t + 499)).toBe(false);
    expect(limiter.take('a', t + 500)).toBe(true);
    expect(limiter.take('a', t + 10_000)).toBe(true);
    expect([1, 2, 3].map(() => limiter.take('a', t + 10_000))).toEqual([true, true, false]);
  });
});
