import type { RequestKind } from '@fedlab/protocol';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface AtProviderInput {
  kind: RequestKind;
  /** undefined: the provider has no such user. */
  recipient: { online: boolean; blockedSender: boolean } | undefined;
}

/**
 * Outbound rule 3: a provider's own, simpler rules for its own user, in POLICY.md's order: unknown user → not
 * found; offline → temporarily unavailable; the user blocked the sender → rejected; otherwise delivered.
 * Decision: a subscription is accepted while the user is offline (the presence of an offline user is
 * "offline"), so for a subscription only "unknown" and "blocked" apply.
 */
export function decideAtProvider(input: AtProviderInput): Verdict {
  const v = new VerdictBuilder();
  const rule = 'outbound.3-provider';
  const r = input.recipient;
  if (!r) return v.final(rule, 'user-not-found', { exists: false }, 'The provider has no such user.');
  const inputs = { exists: true, online: r.online, blockedSender: r.blockedSender };
  const needsOnline = input.kind === 'invite' || input.kind === 'message' || input.kind === 'typing' || input.kind === 'notify';
  if (needsOnline && !r.online) return v.final(rule, 'recipient-offline', inputs, 'The user is not signed in.');
  if (r.blockedSender) return v.final(rule, 'blocked-by-provider-user', inputs, 'The user blocked the sender.');
  switch (input.kind) {
    case 'subscribe':
      return v.final(rule, 'accepted-by-provider', inputs, 'The provider accepts the subscription for its user.', true);
    case 'invite':
      return v.final(rule, 'accepted-by-provider', inputs, 'The user is signed in and has not blocked the sender.', true);
    case 'message':
    case 'typing':
    case 'notify':
      return v.final(rule, 'delivered', inputs, 'Delivered to the user.', true);
    case 'unsubscribe':
    case 'bye':
      return v.final(rule, 'delivered', inputs, 'Ended.', true);
  }
}
