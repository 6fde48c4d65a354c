import type { HopDecision } from '@fedlab/protocol';
import { RULES, type RuleId } from './verdict.ts';

/**
 * How to read a trail (the hop decisions of one request, in time order, as `GET /api/traces/:id` gives them):
 * which decisions only passed the request on, which rejected it, and which one decided. The scenario runner, the
 * testkit's federation tests and the admin page's ladder all read trails with these words, so that "the deciding
 * hop" means the same thing everywhere.
 */

/** The reason of a decision that passed the request on to the next hop without answering it. */
export const FORWARDED = 'forwarded';

/**
 * Rule ids a trail names that are not rules of POLICY.md but what a server did. A server writes them when it
 * answers a request for a reason of its own (no link, no such session) rather than by a rule of the policy.
 */
export const PLUMBING_RULES = {
  link: 'A federation link carried the request, or could not: down, unreachable, no answer in time.',
  deliver: "The server delivered the request to the recipient's client, or could not: signed out, no answer in time.",
  session: 'A message, typing notice or bye needs an open IM session between the two.',
  subscription: 'A presence update needs a subscription of the watcher to the person.',
  contract: 'The request did not follow the wire contract (docs/protocol.md): malformed.',
  routing: 'Where a request may go: internal traffic never crosses the edge.',
  limits: 'What one person may hold is bounded: list entries, open IM sessions, subscriptions, waiting prompts.',
  teardown: 'A change that cut a path (a provider blocked or removed, the switch off, a user disabled or deleted, a Block list, an idle session) ended this dialog at once, on both sides (POLICY.md rule 8).',
  dns: "The edge looked up a partner domain's Access Edge: its _sipfederationtls._tcp SRV record, in the testbed's DNS.",
} as const;
export type PlumbingRule = keyof typeof PLUMBING_RULES;

/** Every rule id a trail may name: the rules of POLICY.md, then the plumbing. */
export type TraceRule = RuleId | PlumbingRule;
export const TRACE_RULES: readonly TraceRule[] = [...(Object.keys(RULES) as RuleId[]), ...(Object.keys(PLUMBING_RULES) as PlumbingRule[])];

export function isPolicyRule(rule: string): rule is RuleId {
  return Object.hasOwn(RULES, rule);
}

export function isPlumbingRule(rule: string): rule is PlumbingRule {
  return Object.hasOwn(PLUMBING_RULES, rule);
}

/** What one decision did to the request: passed it on, answered it with a success (2xx), or rejected it. */
export type DecisionOutcome = 'forwarded' | 'accepted' | 'rejected';

export function outcomeOf(decision: Pick<HopDecision, 'reason' | 'code'>): DecisionOutcome {
  if (decision.reason === FORWARDED) return 'forwarded';
  return decision.code >= 200 && decision.code < 300 ? 'accepted' : 'rejected';
}

export function isForwarded(decision: Pick<HopDecision, 'reason' | 'code'>): boolean {
  return outcomeOf(decision) === 'forwarded';
}

/**
 * The decision that settled the request, in a trail in time order: the first that rejected it (what happened
 * after a rejection, such as a session ended because of it, is a consequence, not the decider); else, for a
 * request that got through, the first that answered it (the rule that accepted); else, when every hop only
 * forwarded, the last one.
 */
export function decidingDecision<D extends Pick<HopDecision, 'reason' | 'code'>>(trail: readonly D[]): D | undefined {
  return trail.find((d) => outcomeOf(d) === 'rejected') ?? trail.find((d) => outcomeOf(d) === 'accepted') ?? trail.at(-1);
}
