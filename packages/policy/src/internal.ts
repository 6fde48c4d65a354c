import type { Address, RequestKind } from '@fedlab/protocol';
import { standingOf, type ListsView } from './lists.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface InternalInput {
  kind: RequestKind;
  from: Address;
  recipient: { lists: ListsView; online: boolean } | undefined;
}

/**
 * Between colleagues: no edge, no stamp, no enablement check. The Block list holds (a blocked colleague sees
 * the other as offline); subscriptions are accepted without a prompt; an invitation goes to the recipient's
 * client, which accepts it unless the sender is blocked.
 */
export function decideInternal(input: InternalInput): Verdict {
  const v = new VerdictBuilder();
  const r = input.recipient;
  if (!r) return v.final('internal', 'user-not-found', { exists: false }, 'There is no such user in the organization.');
  const { onBlockList } = standingOf(r.lists, input.from);
  const inputs = { exists: true, onBlockList, online: r.online };
  if (onBlockList) return v.final('inbound.7-block-list', 'sender-on-block-list', inputs, "The sender is on the recipient's Block list.");
  switch (input.kind) {
    case 'subscribe':
      return v.final('internal', 'accepted-internal', inputs, 'Colleagues see each other’s presence.', true);
    case 'invite':
    case 'message':
    case 'typing':
      if (!r.online) return v.final('inbound.8-recipient-online', 'recipient-offline', inputs, 'The recipient is not signed in.');
      v.pass('internal', inputs, 'Handed to the recipient.');
      return v.forward();
    case 'notify':
    case 'unsubscribe':
    case 'bye':
      v.pass('internal', inputs, 'Handed to the recipient.');
      return v.forward();
  }
}
