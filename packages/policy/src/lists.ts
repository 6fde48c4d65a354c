import type { Address } from '@fedlab/protocol';

/** A person's lists as the rules read them: arrays, or a store's lists that answer `includes` without copying. */
export interface ListsView {
  allow: { includes(address: Address): boolean };
  block: { includes(address: Address): boolean };
}

/** Where a sender stands on a recipient's lists. The Block list beats the Allow list everywhere. */
export interface ListStanding {
  onAllowList: boolean;
  onBlockList: boolean;
}

export function standingOf(lists: ListsView, sender: Address): ListStanding {
  return { onAllowList: lists.allow.includes(sender), onBlockList: lists.block.includes(sender) };
}
