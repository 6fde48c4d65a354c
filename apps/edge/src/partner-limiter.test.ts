import { describe, expect, it } from 'vitest';
import { DEFAULT_FEDERATION_SETTINGS, type FederationLimits, type PartnerTransitionEvent, type Reason } from '@fedlab/protocol';
import { PartnerLimiter } from './partner-limiter.ts';

const SMALL: FederationLimits = { watchListRecipients: 3, requestsPerSecond: 4, suspiciousRequestsPerSecond: 1, suspiciousWindow: 4 };

/** A limiter on a clock the test moves, with every transition it reports. */
function limiter(limits: FederationLimits = SMALL) {
  let now = 10_000;
  const events: PartnerTransitionEvent[] = [];
  const l = new PartnerLimiter({ limits, now: () => now, onTransition: (e) => events.push(e) });
  return {
    l, events,
    advance: (ms: number) => void (now += ms),
    transitions: () => events.map((e) => `${e.domain} ${e.transition}`),
    /** `n` requests to distinct-or-not recipients at this instant; their outcomes. */
    send: (n: number, to: (i: number) => string = () => 'alice@contoso.test', domain = 'tailspin.test') =>
      Array.from({ length: n }, (_, i) => l.admit(domain, to(i)).outcome),
  };
}

describe('the watch list', () => {
  it('watches a partner once it has sent to more distinct addresses than the limit, and refuses that request and every later one', () => {
    const t = limiter();
    expect(t.send(3, (i) => `user${i}@contoso.test`)).toEqual(['admitted', 'admitted', 'admitted']);
    t.advance(1000);
    // Known recipients do not count again.
    expect(t.send(3, (i) => `user${i}@contoso.test`)).toEqual(['admitted', 'admitted', 'admitted']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'normal', distinctRecipients: 3 });
    expect(t.events).toEqual([]);
    t.advance(1000);
    expect(t.send(1, () => 'user3@contoso.test')).toEqual(['watch-listed']);
    expect(t.transitions()).toEqual(['tailspin.test watch-listed']);
    expect(t.events[0]!.detail).toBe('tailspin.test sent requests to 4 distinct addresses of the organization (more than 3): it is on the watch list, and its requests are refused.');
    expect(t.events[0]!.state).toMatchObject({ standing: 'watch-listed', distinctRecipients: 4 });
    t.advance(60_000);
    expect(t.send(2)).toEqual(['watch-listed', 'watch-listed']);
    expect(t.transitions()).toEqual(['tailspin.test watch-listed']);
    // Another partner is not affected.
    expect(t.send(1, undefined, 'litware.test')).toEqual(['admitted']);
  });

  it('with the defaults of POLICY.md, the 1,001st distinct recipient puts the harvester on the watch list', () => {
    const t = limiter(DEFAULT_FEDERATION_SETTINGS.limits);
    const outcomes: string[] = [];
    for (let i = 0; i < 1001; i++) {
      if (i % 20 === 0) t.advance(1000); // keep to 20 a second
      outcomes.push(t.l.admit('harvest.test', `guess${i}@contoso.test`).outcome);
    }
    expect(outcomes.slice(0, 1000).every((o) => o === 'admitted')).toBe(true);
    expect(outcomes[1000]).toBe('watch-listed');
    expect(t.transitions()).toEqual(['harvest.test watch-listed']);
  });
});

describe('the rate', () => {
  it('lets in one second of requests at once, refuses the next with over-rate, and reports the episode once', () => {
    const t = limiter();
    expect(t.send(6)).toEqual(['admitted', 'admitted', 'admitted', 'admitted', 'over-rate', 'over-rate']);
    expect(t.transitions()).toEqual(['tailspin.test rate-exceeded']);
    expect(t.l.state('tailspin.test')).toMatchObject({ overRate: true });
    // A quarter of a second refills one request at 4 a second; the episode goes on (refused less than a second ago).
    t.advance(250);
    expect(t.send(2)).toEqual(['admitted', 'over-rate']);
    expect(t.transitions()).toEqual(['tailspin.test rate-exceeded']);
    // A second after the last refusal, the next request let in ends the episode.
    t.advance(1000);
    expect(t.l.state('tailspin.test')).toMatchObject({ overRate: false });
    expect(t.send(1)).toEqual(['admitted']);
    expect(t.transitions()).toEqual(['tailspin.test rate-exceeded', 'tailspin.test rate-recovered']);
    expect(t.events[1]!.detail).toBe('tailspin.test kept to 4 requests a second again.');
  });

  it('limits each partner on its own', () => {
    const t = limiter();
    expect(t.send(5, undefined, 'a.test')).toEqual(['admitted', 'admitted', 'admitted', 'admitted', 'over-rate']);
    expect(t.send(4, undefined, 'b.test')).toEqual(['admitted', 'admitted', 'admitted', 'admitted']);
  });
});

describe('suspicious traffic', () => {
  const record = (t: ReturnType<typeof limiter>, reasons: Reason[], domain = 'tailspin.test') => reasons.forEach((r) => t.l.record(domain, r));

  it('drops a partner to the suspicious rate when more than half of its last requests failed as not found or unverified, and lifts it when half or fewer did', () => {
    const t = limiter();
    t.send(4);
    // 2 of 4 failed: half, not more than half.
    record(t, ['user-not-found', 'accepted-verified', 'unverified-not-on-allow-list', 'delivered']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'normal', recentFailures: 2, recentRequests: 4 });
    // Other rejections (the Block list, enablement) are not "not found or unverified".
    record(t, ['sender-on-block-list', 'recipient-not-enabled-federation']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'normal', recentFailures: 1 });
    // The window slides: [Block list, not enabled, not found, not found, not found] keeps the last 4.
    record(t, ['user-not-found', 'user-not-found', 'user-not-found']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'throttled', recentFailures: 3, recentRequests: 4 });
    expect(t.transitions()).toEqual(['tailspin.test throttled']);
    expect(t.events[0]!.detail).toBe("3 of tailspin.test's last 4 requests were rejected as not found or unverified (more than half of 4): limited to 1 a second.");

    // Throttled: one a second, and refusals say why.
    t.advance(1000);
    expect(t.send(2)).toEqual(['admitted', 'throttled']);
    expect(t.transitions()).toEqual(['tailspin.test throttled', 'tailspin.test rate-exceeded']);
    t.advance(1000);
    expect(t.send(1)).toEqual(['admitted']);

    // Successes push the failures out of the window: 3 of 4, then 2 of 4.
    record(t, ['accepted-verified']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'throttled', recentFailures: 3 });
    record(t, ['accepted-verified']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'normal', recentFailures: 2 });
    expect(t.transitions()).toEqual(['tailspin.test throttled', 'tailspin.test rate-exceeded', 'tailspin.test rate-recovered', 'tailspin.test throttle-lifted']);
    t.advance(1000);
    expect(t.send(4)).toEqual(['admitted', 'admitted', 'admitted', 'admitted']);
  });

  it('counts only what it was told about partners it let in, and nothing once a partner is watched', () => {
    const t = limiter();
    record(t, ['user-not-found', 'user-not-found', 'user-not-found'], 'never-admitted.test');
    expect(t.l.state('never-admitted.test')).toBeUndefined();
    t.send(3, (i) => `u${i}@contoso.test`);
    record(t, ['user-not-found', 'user-not-found', 'user-not-found']);
    t.advance(1000);
    expect(t.send(1, () => 'u3@contoso.test')).toEqual(['watch-listed']);
    expect(t.transitions()).toEqual(['tailspin.test throttled', 'tailspin.test watch-listed']);
    record(t, ['accepted-verified', 'accepted-verified', 'accepted-verified', 'accepted-verified']);
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'watch-listed' });
  });
});

describe('settings and admin actions', () => {
  it('applies new numbers at once: a lower watch-list limit, a new rate, a smaller window that keeps the latest outcomes', () => {
    const t = limiter({ ...SMALL, watchListRecipients: 10, suspiciousWindow: 6 });
    t.send(3, (i) => `u${i}@contoso.test`);
    ['user-not-found', 'user-not-found', 'accepted-verified', 'user-not-found', 'accepted-verified', 'user-not-found'].forEach((r) => t.l.record('tailspin.test', r as Reason));
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'throttled', recentFailures: 4, recentRequests: 6 });
    // The last 2 outcomes: a success and a failure (half of 2): lifted.
    t.l.configure({ ...SMALL, watchListRecipients: 2, suspiciousWindow: 2, requestsPerSecond: 2 });
    expect(t.l.state('tailspin.test')).toMatchObject({ standing: 'normal', recentFailures: 1, recentRequests: 2 });
    expect(t.l.limits).toMatchObject({ watchListRecipients: 2, requestsPerSecond: 2 });
    t.advance(1000);
    expect(t.send(1, () => 'u0@contoso.test')).toEqual(['watch-listed']);
    expect(t.transitions()).toEqual(['tailspin.test throttled', 'tailspin.test throttle-lifted', 'tailspin.test watch-listed']);
    expect(t.send(3, undefined, 'other.test')).toEqual(['admitted', 'admitted', 'over-rate']);
  });

  it('forgets a partner an admin moved to a tab: a fresh start, the watch list and the rate included', () => {
    const t = limiter();
    t.send(4, (i) => `u${i}@contoso.test`);
    expect(t.l.all().map((s) => s.standing)).toEqual(['watch-listed']);
    t.l.forget('tailspin.test');
    expect(t.l.all()).toEqual([]);
    expect(t.send(4)).toEqual(['admitted', 'admitted', 'admitted', 'admitted']);
    t.l.clear();
    expect(t.l.state('tailspin.test')).toBeUndefined();
  });
});
