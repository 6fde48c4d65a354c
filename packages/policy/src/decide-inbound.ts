import { REASONS, type Hop, type Reason, type StatusCode } from '@fedlab/protocol';
import { decideInboundAtEdge, type InboundEdgeInput, type InboundEdgeVerdict } from './inbound-edge.ts';
import { decideInboundAtHome, type InboundHomeInput } from './inbound-home.ts';
import { decideInboundFederated, type InboundFederatedInput } from './inbound-partners.ts';
import { applyPartnerLimits, limitedPartner, type Admission } from './partner-limits.ts';
import { decideImInvitation } from './invitation.ts';
import type { RuleCheck, RuleId } from './verdict.ts';

export interface InboundPathInput extends InboundEdgeInput {
  recipient: InboundHomeInput['recipient'];
}

export interface PathOutcome {
  code: StatusCode;
  reason: Reason;
  hop: Hop;
  rule: RuleId | 'delivered';
  checks: RuleCheck[];
}

/**
 * The whole inbound path of POLICY.md in one call: edge (rules 1–4), home (5–8), then the client for an IM
 * invitation. The apps call the three hops separately, each where it runs; this composition is what a QA
 * engineer predicts from the page, and what the truth-table test walks.
 */
export function decideInbound(input: InboundPathInput): PathOutcome {
  return beyondTheEdge(input, decideInboundAtEdge(input));
}

export interface FederatedPathInput extends InboundFederatedInput {
  /** What the limiter answers for a discovered partner's request (asked only when `limitedPartner` names one). */
  admission: Admission | undefined;
  recipient: InboundHomeInput['recipient'];
}

/** The same path with the Allow and Block tabs, discovery and the limits of discovered partners at the edge. */
export function decideFederatedInbound(input: FederatedPathInput): PathOutcome {
  let edge = decideInboundFederated(input);
  if (limitedPartner(edge)) {
    if (!input.admission) throw new Error('a discovered partner needs an admission from the limiter');
    edge = applyPartnerLimits(edge, input.admission);
  }
  return beyondTheEdge(input, edge);
}

function beyondTheEdge(input: Pick<InboundPathInput, 'kind' | 'from' | 'recipient'>, edge: InboundEdgeVerdict): PathOutcome {
  if (edge.outcome === 'final') return outcome(edge.reason, 'edge', edge.rule, edge.checks);
  const stamp = edge.stamp!;
  const home = decideInboundAtHome({ kind: input.kind, from: input.from, network: stamp.network, verification: stamp.verification, recipient: input.recipient });
  const checks = [...edge.checks, ...home.checks];
  if (home.outcome === 'final') return outcome(home.reason, 'home', home.rule, checks);
  if (input.kind !== 'invite') return outcome('delivered', 'home', 'delivered', checks);
  const client = decideImInvitation({
    from: input.from,
    verification: stamp.verification,
    lists: input.recipient!.lists,
    blockImFromNonAllowList: input.recipient!.settings.blockImFromNonAllowList,
  });
  if (client.outcome !== 'final') throw new Error('the invitation rule always decides');
  return outcome(client.reason, 'client', client.rule, [...checks, ...client.checks]);
}

function outcome(reason: Reason, hop: Hop, rule: RuleId | 'delivered', checks: RuleCheck[]): PathOutcome {
  return { code: REASONS[reason].code, reason, hop, rule, checks };
}
