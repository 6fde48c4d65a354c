import type { Hop, HopDecision, Reason, StatusCode } from '@fedlab/protocol';
import { REASONS } from '@fedlab/protocol';
import type { RuleCheck, Verdict } from '@fedlab/policy';

/** Turns a policy verdict into the hop decisions kept in the trace: one per rule looked at. */
export function decisionsOf(verdict: Verdict, hop: Hop, node: string, now = Date.now()): HopDecision[] {
  return verdict.checks.map((c, i) => {
    const last = i === verdict.checks.length - 1;
    const reason: Reason | 'forwarded' = verdict.outcome === 'final' && last ? verdict.reason : 'forwarded';
    const code: StatusCode = reason === 'forwarded' ? 200 : REASONS[reason].code;
    return fromCheck(c, hop, node, code, reason, now);
  });
}

export function decision(hop: Hop, node: string, rule: string, reason: Reason | 'forwarded', inputs: Record<string, unknown>, explanation: string): HopDecision {
  return { hop, node, rule, inputs, code: reason === 'forwarded' ? 200 : REASONS[reason].code, reason, explanation, at: Date.now() };
}

function fromCheck(c: RuleCheck, hop: Hop, node: string, code: StatusCode, reason: Reason | 'forwarded', at: number): HopDecision {
  return { hop, node, rule: c.rule, inputs: c.inputs, code, reason, explanation: c.explanation, at };
}
