import { answerFor, type Answer } from './answer.ts';
import type { Reason } from './diagnostics.ts';
import { dialogEnds } from './dialog.ts';
import type { RequestKind } from './envelope.ts';
import type { Hop } from './hops.ts';
import { OFFLINE } from './presence.ts';

/** Reasons that mean "the recipient has the sender on a Block list": the recipient's, or a provider user's. */
const BLOCK_LIST_REASONS: ReadonlySet<string> = new Set<Reason>(['sender-on-block-list', 'blocked-by-prompt', 'blocked-by-provider-user']);

export function isBlockListReason(reason: string): boolean {
  return BLOCK_LIST_REASONS.has(reason);
}

/**
 * POLICY.md rule 9: a sender on the recipient's Block list sees the recipient as offline, never as "blocked", and
 * cannot tell the two apart. This is the answer an offline recipient gives for the same kind of request, byte for
 * byte (only the request id is the request's own):
 * - an IM invitation, a message, a typing notice: 480 `recipient-offline` (a message or typing notice ends its
 *   session, as it does for an offline recipient);
 * - a presence subscription: accepted, with presence offline (the recipient's server keeps the subscription, and
 *   sends nothing on it while the sender stays blocked);
 * - an unsubscription or a bye: delivered;
 * - a presence update: 480, which does not end the subscription.
 * The hop is the recipient's server: the provider for a provider user, the home server otherwise (a client's own
 * Block-list check stands in for its server, as an offline recipient is answered by the server).
 * Without a kind (an answer whose request is unknown) it is the invitation's 480.
 */
export function asIfOffline(answer: Answer, kind: RequestKind | undefined): Answer {
  const hop: Hop = answer.diagnostic.hop === 'provider' ? 'provider' : 'home';
  const id = answer.requestId;
  switch (kind) {
    case 'subscribe':
      return answerFor(id, hop === 'provider' ? 'accepted-by-provider' : 'accepted-internal', hop, { presence: OFFLINE });
    case 'unsubscribe':
    case 'bye':
      return answerFor(id, 'delivered', hop);
    default: {
      const offline = answerFor(id, 'recipient-offline', hop);
      return kind && dialogEnds(kind, offline.code) ? { ...offline, endsDialog: true } : offline;
    }
  }
}
