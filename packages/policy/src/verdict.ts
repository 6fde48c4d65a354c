import type { Reason } from '@fedlab/protocol';

/** One rule looked at: its id (numbered as in POLICY.md), what it saw, and what it concluded. */
export interface RuleCheck {
  rule: RuleId;
  inputs: Record<string, unknown>;
  passed: boolean;
  explanation: string;
}

/**
 * What a hop decides. `pass` sends the request on to the next hop; `final` answers it with a reason of the
 * diagnostics table. `checks` lists every rule looked at, in order, the deciding one last.
 */
export type Verdict =
  | { outcome: 'pass'; checks: RuleCheck[] }
  | { outcome: 'final'; reason: Reason; rule: RuleId; checks: RuleCheck[] };

export const RULES = {
  'inbound.1-authenticated-link': "The request must arrive on its provider's authenticated federation link, from one of that provider's domains; a partner's link must have proved the FQDN of the partner server on the Allow tab, or the one the DNS names for the sender's domain.",
  'inbound.relay': 'The edge is not a relay between two outside parties.',
  'inbound.2-global-switch': 'Federation and public IM connectivity must be on.',
  'inbound.3-federation-entry': "Which entry governs the sender's domain, first match wins: the Block tab, an IM provider entry, the Allow tab, discovery through the DNS, or none.",
  'inbound.3-provider-allowed': 'The provider must be in the list and allowed.',
  'inbound.4-trust-stamp': "The edge stamps the verification level from the provider's filtering option, or the partner's verification level.",
  'inbound.limits': 'A discovered partner is limited: refused once on the watch list, and held to a rate, lower while its traffic looks suspicious. Allow-tab partners never are.',
  'inbound.5-recipient-exists': 'The recipient must exist.',
  'inbound.6-recipient-enabled': 'The recipient must be enabled for public IM (public provider) or federation (partner).',
  'inbound.7-block-list': "A sender on the recipient's Block list is rejected; the Block list beats the Allow list.",
  'inbound.8-subscription': 'Presence subscriptions are decided by the home server from the verification level, the lists and the Allow/Block/Prompt setting.',
  'inbound.8-im-invitation': "IM invitations are decided by the recipient's client from the verification level, the lists and block-IM-from-non-Allow-list.",
  'inbound.8-recipient-online': 'An IM invitation or message needs the recipient signed in.',
  'inbound.8-in-dialog': 'Messages and presence updates pass while rules 1–3 and 5–7 still hold.',
  'outbound.1-edge': "Outbound: the switch must be on, the provider listed and allowed, and the sender enabled for the provider's kind (federation for a partner).",
  'outbound.1-federation-entry': "Outbound: which entry governs the recipient's domain (the Block tab, an IM provider entry, the Allow tab, discovery), and where the edge sends: the provider's or partner server's address, or what the DNS names.",
  'outbound.3-provider': 'The provider applies its own simpler rules to its own user.',
  'internal': 'Between colleagues: no edge, no stamp, no enablement; the Block list still holds.',
} as const;
export type RuleId = keyof typeof RULES;

/**
 * Rules of POLICY.md's section on federated partners that the edge does not decide by yet (issue 16): no scenario
 * can reach them, so the scenario library's coverage test leaves them out. This set empties as they are wired.
 */
export const RULES_AWAITING_WIRING: ReadonlySet<RuleId> = new Set<RuleId>(['inbound.3-federation-entry', 'inbound.limits', 'outbound.1-federation-entry']);

export function check(rule: RuleId, passed: boolean, inputs: Record<string, unknown>, explanation: string): RuleCheck {
  return { rule, inputs, passed, explanation };
}

/** Runs checks in order; the first that fails decides with its reason. */
export class VerdictBuilder {
  readonly checks: RuleCheck[] = [];

  pass(rule: RuleId, inputs: Record<string, unknown>, explanation: string): void {
    this.checks.push(check(rule, true, inputs, explanation));
  }

  final(rule: RuleId, reason: Reason, inputs: Record<string, unknown>, explanation: string, passed = false): Verdict {
    this.checks.push(check(rule, passed, inputs, explanation));
    return { outcome: 'final', reason, rule, checks: this.checks };
  }

  forward(): Verdict {
    return { outcome: 'pass', checks: this.checks };
  }
}
