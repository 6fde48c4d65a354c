import type { StatusCode } from './codes.ts';
import type { Hop } from './hops.ts';
import type { Presence } from './presence.ts';
import { PUBLIC_REASONS, REASONS, type PublicReason, type Reason } from './diagnostics.ts';
import type { RequestKind } from './envelope.ts';
import { asIfOffline, isBlockListReason } from './as-if-offline.ts';

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
 * the organization is one hop: its edge). The trail stays inside. The sender form is applied first, so a
 * Block-list rejection leaves as what an offline recipient gives for that `kind` of request.
 */
export function toPublic(answer: Answer, kind?: RequestKind): Answer {
  if (answer.public) return stripTrail(answer);
  answer = toSenderForm(answer, kind);
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

/**
 * The form a sender's client receives from its own server: the full diagnostic without the trail, except that a
 * rejection by a Block list (the recipient's, a prompt answered Block, a provider user's) is exactly what an
 * offline recipient gives for the same `kind` of request (`asIfOffline`, POLICY.md rule 9). This holds inside
 * the organization too. The full reason stays in the trail, on the servers.
 */
export function toSenderForm(answer: Answer, kind?: RequestKind): Answer {
  if (!isBlockListReason(answer.diagnostic.reason)) return stripTrail(answer);
  return asIfOffline(answer, kind);
}

export function publicReasonOf(reason: Reason | PublicReason): PublicReason {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason as Reason].public : (reason as PublicReason);
}

function stripTrail({ trail: _trail, ...rest }: Answer): Answer {
  return rest;
}
