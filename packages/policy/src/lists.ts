import type { Address, UserLists } from '@fedlab/protocol';

/** Where a sender stands on a recipient's lists. The Block list beats the Allow list everywhere. */
export interface ListStanding {
  onAllowList: boolean;
  onBlockList: boolean;
}

export function standingOf(lists: UserLists, sender: Address): ListStanding {
  return { onAllowList: lists.allow.includes(sender), onBlockList: lists.block.includes(sender) };
}
