import type { FederationLimits, PartnerLimitState, PartnerStanding, PartnerTransition, PartnerTransitionEvent, Reason } from '@fedlab/protocol';
import { isSuspiciousOutcome, type Admission } from '@fedlab/policy';
import { RateLimiter } from '@fedlab/server';

export interface PartnerLimiterOptions {
  limits: FederationLimits;
  /** ms since the epoch; tests move their own clock. */
  now?: () => number;
  /** Each change of a partner's standing or rate, once, as it happens (a security event, and the Federation view). */
  onTransition?: (event: PartnerTransitionEvent) => void;
}

/** An episode of sending over the rate ends once a request is let in a full second after the last refused one. */
const EPISODE_MS = 1000;

interface Partner {
  domain: string;
  standing: PartnerStanding;
  /** The distinct recipients so far; dropped once the partner is watched (nothing more is counted). */
  recipients: Set<string> | undefined;
  distinctRecipients: number;
  overRate: boolean;
  lastRefusedAt: number;
  /** Its rate and its rate while suspicious: a token bucket each, holding one second's worth. */
  rate: RateLimiter;
  suspiciousRate: RateLimiter;
  /** The last answered requests, oldest overwritten first: 1 for a failure (not found, unverified), else 0. */
  outcomes: Uint8Array;
  next: number;
  recentRequests: number;
  recentFailures: number;
}

/**
 * The limits of discovered partners (POLICY.md; OCS 2007 R2's "How federated traffic is evaluated when using
 * automatic discovery"), per partner domain and O(1) per request:
 * - the **watch list**: a partner that has sent requests to more than `watchListRecipients` distinct addresses
 *   of the organization (valid or not) is watched, and this and every later request is refused;
 * - the **rate**: `requestsPerSecond` (a token bucket holding one second's worth);
 * - **suspicious traffic**: when more than half of its last `suspiciousWindow` answered requests were rejected
 *   as not found or unverified, its rate drops to `suspiciousRequestsPerSecond`, until they are half or fewer.
 * The edge asks `admit` for each request of a discovered partner that passed rules 1–4, and tells `record` the
 * final reason of each request it let in. Allow-tab partners are never asked about.
 */
export class PartnerLimiter {
  readonly #partners = new Map<string, Partner>();
  readonly #now: () => number;
  #limits: FederationLimits;

  constructor(readonly options: PartnerLimiterOptions) {
    this.#now = options.now ?? Date.now;
    this.#limits = { ...options.limits };
  }

  get limits(): FederationLimits {
    return { ...this.#limits };
  }

  /** Counts the recipient and takes one request from the partner's rate: let in, or why not. */
  admit(domain: string, recipient: string): Admission {
    const now = this.#now();
    const p = this.#partner(domain);
    const answer = (outcome: Admission['outcome']): Admission => ({ outcome, state: this.#stateOf(p, now), limits: this.limits });
    if (p.standing === 'watch-listed') return answer('watch-listed');

    if (!p.recipients!.has(recipient)) {
      p.recipients!.add(recipient);
      p.distinctRecipients++;
    }
    if (p.distinctRecipients > this.#limits.watchListRecipients) {
      p.standing = 'watch-listed';
      p.recipients = undefined;
      this.#report(p, now, 'watch-listed', `${domain} sent requests to ${p.distinctRecipients} distinct addresses of the organization (more than ${this.#limits.watchListRecipients}): it is on the watch list, and its requests are refused.`);
      return answer('watch-listed');
    }

    const throttled = p.standing === 'throttled';
    const rate = throttled ? this.#limits.suspiciousRequestsPerSecond : this.#limits.requestsPerSecond;
    if (!(throttled ? p.suspiciousRate : p.rate).take(domain, now)) {
      p.lastRefusedAt = now;
      if (!p.overRate) {
        p.overRate = true;
        this.#report(p, now, 'rate-exceeded', `${domain} sent more than ${rate} requests a second${throttled ? ' (its rate while its traffic looks suspicious)' : ''}: answered 429.`);
      }
      return answer(throttled ? 'throttled' : 'over-rate');
    }
    if (p.overRate && now - p.lastRefusedAt >= EPISODE_MS) {
      p.overRate = false;
      this.#report(p, now, 'rate-recovered', `${domain} kept to ${rate} requests a second again.`);
    }
    return answer('admitted');
  }

  /** The final reason of a request `admit` let in: failures (not found, unverified) feed the suspicious-traffic window. */
  record(domain: string, reason: Reason): void {
    const p = this.#partners.get(domain);
    if (!p || p.standing === 'watch-listed') return;
    const window = p.outcomes.length;
    if (p.recentRequests === window) p.recentFailures -= p.outcomes[p.next]!;
    else p.recentRequests++;
    const failed = isSuspiciousOutcome(reason) ? 1 : 0;
    p.outcomes[p.next] = failed;
    p.recentFailures += failed;
    p.next = (p.next + 1) % window;
    this.#judge(p, this.#now());
  }

  /** New numbers. The suspicious window keeps its most recent outcomes; a standing is judged again. */
  configure(limits: FederationLimits): void {
    const now = this.#now();
    const rateChanged = limits.requestsPerSecond !== this.#limits.requestsPerSecond || limits.suspiciousRequestsPerSecond !== this.#limits.suspiciousRequestsPerSecond;
    this.#limits = { ...limits };
    for (const p of this.#partners.values()) {
      if (rateChanged) Object.assign(p, this.#buckets());
      if (p.outcomes.length !== limits.suspiciousWindow) resize(p, limits.suspiciousWindow);
      if (p.standing !== 'watch-listed') this.#judge(p, now);
    }
  }

  /** Forgets a partner: an admin moved its domain to the Allow or the Block tab, or released it from the watch list. */
  forget(domain: string): void {
    this.#partners.delete(domain);
  }

  clear(): void {
    this.#partners.clear();
  }

  state(domain: string): PartnerLimitState | undefined {
    const p = this.#partners.get(domain);
    return p && this.#stateOf(p, this.#now());
  }

  all(): PartnerLimitState[] {
    const now = this.#now();
    return [...this.#partners.values()].map((p) => this.#stateOf(p, now));
  }

  #partner(domain: string): Partner {
    let p = this.#partners.get(domain);
    if (!p) {
      p = {
        domain, standing: 'normal', recipients: new Set(), distinctRecipients: 0, overRate: false, lastRefusedAt: 0, ...this.#buckets(),
        outcomes: new Uint8Array(this.#limits.suspiciousWindow), next: 0, recentRequests: 0, recentFailures: 0,
      };
      this.#partners.set(domain, p);
    }
    return p;
  }

  #buckets(): Pick<Partner, 'rate' | 'suspiciousRate'> {
    return { rate: bucketsOf(this.#limits.requestsPerSecond), suspiciousRate: bucketsOf(this.#limits.suspiciousRequestsPerSecond) };
  }

  /** Throttled while more than half of the window failed; back to normal once half or fewer did. */
  #judge(p: Partner, now: number): void {
    const suspicious = p.recentFailures * 2 > this.#limits.suspiciousWindow;
    if (suspicious && p.standing === 'normal') {
      p.standing = 'throttled';
      this.#report(p, now, 'throttled',
        `${p.recentFailures} of ${p.domain}'s last ${p.recentRequests} requests were rejected as not found or unverified (more than half of ${this.#limits.suspiciousWindow}): limited to ${this.#limits.suspiciousRequestsPerSecond} a second.`);
    } else if (!suspicious && p.standing === 'throttled') {
      p.standing = 'normal';
      this.#report(p, now, 'throttle-lifted',
        `${p.recentFailures} of ${p.domain}'s last ${p.recentRequests} requests failed (half of ${this.#limits.suspiciousWindow} or fewer): back to ${this.#limits.requestsPerSecond} a second.`);
    }
  }

  #stateOf(p: Partner, now: number): PartnerLimitState {
    return {
      domain: p.domain, standing: p.standing, distinctRecipients: p.distinctRecipients, recentFailures: p.recentFailures, recentRequests: p.recentRequests,
      overRate: p.overRate && now - p.lastRefusedAt < EPISODE_MS,
    };
  }

  #report(p: Partner, at: number, transition: PartnerTransition, detail: string): void {
    this.options.onTransition?.({ at, domain: p.domain, transition, detail, state: this.#stateOf(p, at) });
  }
}

/** One second's worth of requests at once, then `perSecond`. */
function bucketsOf(perSecond: number): RateLimiter {
  return new RateLimiter({ perSecond, burst: perSecond });
}

/** Keeps the most recent outcomes that fit a window of the new size. */
function resize(p: Partner, size: number): void {
  const kept: number[] = [];
  for (let i = 1; i <= Math.min(p.recentRequests, size); i++) kept.unshift(p.outcomes[(p.next - i + p.outcomes.length) % p.outcomes.length]!);
  p.outcomes = new Uint8Array(size);
  kept.forEach((o, i) => (p.outcomes[i] = o));
  p.recentRequests = kept.length;
  p.recentFailures = kept.reduce((sum, o) => sum + o, 0);
  p.next = kept.length % size;
}
