import type { Address, Verification } from '@fedlab/protocol';
import { standingOf, type ListsView } from './lists.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface ImInvitationInput {
  from: Address;
  /** The edge's stamp for an outside sender; `internal` for a colleague (no stamp). */
  verification: Verification | 'internal';
  lists: ListsView;
  blockImFromNonAllowList: boolean;
}

/**
 * The recipient's client decides an IM invitation: the same rule in the web client and in every bot. Unverified
 * senders get through only from the Allow list (POLICY.md, Decision: contacts get through); verified ones unless
 * the user blocks IM from people who are not on the Allow list; colleagues unless blocked.
 */
export function decideImInvitation(input: ImInvitationInput): Verdict {
  const v = new VerdictBuilder();
  const { onAllowList, onBlockList } = standingOf(input.lists, input.from);
  const inputs = { verification: input.verification, onAllowList, onBlockList, blockImFromNonAllowList: input.blockImFromNonAllowList };
  if (onBlockList) return v.final('inbound.7-block-list', 'sender-on-block-list', inputs, 'The sender is on the Block list.');
  if (input.verification === 'internal') {
    return v.final('internal', 'accepted-internal', inputs, 'A colleague who is not blocked.', true);
  }
  if (onAllowList) return v.final('inbound.8-im-invitation', 'accepted-on-allow-list', inputs, 'The sender is on the Allow list.', true);
  if (input.verification === 'unverified') {
    return v.final('inbound.8-im-invitation', 'unverified-not-on-allow-list', inputs, 'Unverified and not on the Allow list.');
  }
  if (input.blockImFromNonAllowList) {
    return v.final('inbound.8-im-invitation', 'im-blocked-not-on-allow-list', inputs, 'The user blocks IM from people not on the Allow list.');
  }
  return v.final('inbound.8-im-invitation', 'accepted-verified', inputs, 'Verified, and IM from people not on the Allow list is accepted.', true);
}
