import type { StatusCode } from './codes.ts';
import type { Hop } from './hops.ts';
import type { Presence } from './presence.ts';
import { PUBLIC_REASONS, REASONS, type PublicReason, type Reason } from './diagnostics.ts';

/** One hop's decision: the explanation admins read, kept under the request id. */
export interface HopDecision {
  hop: Hop;
  /** Which server or client decided: `edge`, `home`, `msn`, `client:alice@contoso.test`. */
  node: string;
  /** The rule of POLICY.md that decided, e.g. `inbound.3-provider-allowed`. */
  rule: string;
  /** What the rule looked at. */
  inputs: Record<string, unknown>;
  code: StatusCode;
  reason: Reason | PublicReason | 'forwarded';
  explanation: string;
  at: number;
}

export interface Diagnostic {
  id: number;
  reason: Reason | PublicReason;
  sentence: string;
  hop: Hop;
}

/** The one final answer every request gets, carried back along the path it came. */
export interface Answer {
  requestId: string;
  code: StatusCode;
  diagnostic: Diagnostic;
  /** True when this is the public form, the only form that leaves the organization. */
  public: boolean;
  /** True when the answer also ends the IM session or the subscription the request travelled in. */
  endsDialog?: boolean;
  /** On an accepted subscription: the presence of the person subscribed to. */
  presence?: Presence;
  /** Every hop's decision, the deciding one last. Kept inside the organization only. */
  trail?: HopDecision[];
}

export function answerFor(
  requestId: string,
  reason: Reason,
  hop: Hop,
  extra: Pick<Answer, 'endsDialog' | 'presence' | 'trail'> = {},
): Answer {
  const entry = REASONS[reason];
  return {
    requestId,
    code: entry.code,
    diagnostic: { id: entry.id, reason, sentence: entry.sentence, hop },
    public: false,
    ...extra,
  };
}

/**
 * The form that crosses the organization's boundary (`ms-diagnostics-public`): the code and reason of the
 * public table, and the edge as the deciding hop for anything decided inside the organization (from outside,
 * the organization is one hop: its edge). The trail stays inside.
 */
export function toPublic(answer: Answer): Answer {
  if (answer.public) return stripTrail(answer);
  answer = toSenderForm(answer);
  const publicReason = publicReasonOf(answer.diagnostic.reason);
  const entry = PUBLIC_REASONS[publicReason];
  const hop: Hop = answer.diagnostic.hop === 'provider' ? 'provider' : 'edge';
  const result: Answer = {
    requestId: answer.requestId,
    code: entry.code,
    diagnostic: { id: entry.id, reason: publicReason, sentence: entry.sentence, hop },
    public: true,
  };
  if (answer.endsDialog) result.endsDialog = true;
  if (answer.presence) result.presence = answer.presence;
  return result;
}

/** Reasons that must look, to the sender, exactly like an offline recipient (POLICY: answers, rule 9). */
const MASKED_AS_OFFLINE: ReadonlySet<string> = new Set<Reason>(['sender-on-block-list', 'blocked-by-prompt']);

/**
 * The form an internal sender's client receives: the full diagnostic, except that a rejection by the
 * recipient's Block list is answered exactly as if the recipient were offline. The trail stays on the servers.
 */
export function toSenderForm(answer: Answer): Answer {
  if (!MASKED_AS_OFFLINE.has(answer.diagnostic.reason)) return stripTrail(answer);
  const masked = answerFor(answer.requestId, 'recipient-offline', answer.diagnostic.hop);
  return answer.endsDialog ? { ...masked, endsDialog: true } : masked;
}

export function publicReasonOf(reason: Reason | PublicReason): PublicReason {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason as Reason].public : (reason as PublicReason);
}

function stripTrail({ trail: _trail, ...rest }: Answer): Answer {
  return rest;
}
