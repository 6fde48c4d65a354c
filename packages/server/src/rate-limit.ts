/**
 * A token bucket per sender: `burst` at once, refilled at `perSecond`. A sender over the limit is refused
 * (429 for a request, `rate-limited` for a command) and nothing is done, so one runaway client or bot cannot
 * flood its server, the links, or everyone else's share of the edge's traffic log.
 */
export { DEFAULT_RATE_LIMIT } from './people/limits.ts';

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

  /** Forgets a sender (a user deleted). */
  forget(sender: string): void {
    this.#buckets.delete(sender);
  }
}
