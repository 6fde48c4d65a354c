import type { FederationLimits, PartnerLimitState, Reason } from '@fedlab/protocol';
import type { FederatedInboundVerdict } from './inbound-partners.ts';
import { check } from './verdict.ts';

/**
 * What the edge's limiter says about one request of a discovered partner: let in, or refused because the partner
 * is on the watch list, over its rate, or over the lower rate of suspicious traffic. The limiter keeps the state
 * (apps/edge/src/partner-limiter.ts); this is the rule that turns its answer into a decision.
 */
export interface Admission {
  outcome: 'admitted' | 'watch-listed' | 'over-rate' | 'throttled';
  state: PartnerLimitState;
  limits: FederationLimits;
}

/**
 * The answers that count toward suspicious traffic: "rejected as not found or unverified" (OCS 2007 R2). Only
 * requests the home server (or the client) answered count; a request the limits refused does not.
 */
export const SUSPICIOUS_REASONS: ReadonlySet<Reason> = new Set<Reason>(['user-not-found', 'unverified-not-on-allow-list']);

export function isSuspiciousOutcome(reason: Reason | string): boolean {
  return SUSPICIOUS_REASONS.has(reason as Reason);
}

/** The domain of the discovered partner whose limits the edge must apply to this verdict, if any. */
export function limitedPartner(verdict: FederatedInboundVerdict): string | undefined {
  return verdict.outcome === 'pass' && verdict.partner?.entry === 'discovered' ? verdict.partner.domain : undefined;
}

/**
 * After the stamp, the limits of a discovered partner (POLICY.md: 403 once on the watch list, 429 over the
 * rate). Allow-tab partners and IM providers never get here (`limitedPartner`).
 */
export function applyPartnerLimits(verdict: FederatedInboundVerdict, admission: Admission): FederatedInboundVerdict {
  const domain = limitedPartner(verdict);
  if (!domain) throw new Error('applyPartnerLimits: only a discovered partner that passed rules 1–4 is limited');
  const { state, limits } = admission;
  const inputs = {
    partner: domain, outcome: admission.outcome, standing: state.standing,
    distinctRecipients: state.distinctRecipients, watchListRecipients: limits.watchListRecipients,
    requestsPerSecond: state.standing === 'throttled' ? limits.suspiciousRequestsPerSecond : limits.requestsPerSecond,
    recentFailures: state.recentFailures, recentRequests: state.recentRequests, suspiciousWindow: limits.suspiciousWindow,
  };
  const checks = [...verdict.checks];
  const final = (reason: Reason, explanation: string): FederatedInboundVerdict => {
    checks.push(check('inbound.limits', false, inputs, explanation));
    return { outcome: 'final', reason, rule: 'inbound.limits', checks, partner: verdict.partner! };
  };
  switch (admission.outcome) {
    case 'watch-listed':
      return final('partner-watch-listed',
        `${domain} has sent requests to more than ${limits.watchListRecipients} distinct addresses of the organization: it is on the watch list.`);
    case 'over-rate':
      return final('partner-rate-limited', `${domain} sent more than ${limits.requestsPerSecond} requests a second.`);
    case 'throttled':
      return final('partner-throttled',
        `More than half of ${domain}'s last ${limits.suspiciousWindow} requests were rejected as not found or unverified: it is limited to ${limits.suspiciousRequestsPerSecond} a second.`);
    case 'admitted': {
      const rate = state.standing === 'throttled' ? `${limits.suspiciousRequestsPerSecond} a second (suspicious traffic)` : `${limits.requestsPerSecond} a second`;
      checks.push(check('inbound.limits', true, inputs,
        `${domain} is within its limits: ${state.distinctRecipients} of ${limits.watchListRecipients} distinct recipients, at most ${rate}.`));
      return { ...verdict, checks };
    }
  }
}
