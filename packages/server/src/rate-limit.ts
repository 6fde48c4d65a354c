/**
 * A token bucket per sender: `burst` requests at once, refilled at `perSecond`. A sender over the limit is
 * answered 429 and nothing is forwarded, so one runaway client or bot cannot flood the federation links.
 */
/** Generous for people, a brake for runaway scripts. */
export const DEFAULT_RATE_LIMIT = { perSecond: 50, burst: 200 };

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly options: { perSecond: number; burst: number }) {}

  /** Takes one token for the sender; false when there is none left. */
  take(sender: string, now = Date.now()): boolean {
    const bucket = this.#buckets.get(sender) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(sender, bucket);
    return allowed;
  }
}
