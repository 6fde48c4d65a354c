import type { Address, Enablement, RequestKind, SourceNetwork, UserSettings, Verification } from '@fedlab/protocol';
import { standingOf, type ListsView } from './lists.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface InboundHomeInput {
  kind: RequestKind;
  from: Address;
  /** From the edge's stamp. */
  network: SourceNetwork;
  verification: Verification;
  /** undefined: there is no such internal user. */
  recipient:
    | { enablement: Enablement; lists: ListsView; settings: UserSettings; online: boolean }
    | undefined;
}

/**
 * Inbound rules 5 to 8 at the home server. Subscriptions are decided here; an IM invitation that passes is
 * handed to the recipient's client (`pass`), which applies `decideImInvitation`. Requests inside an accepted
 * dialog (message, typing, bye, notify, unsubscribe) are checked against rules 5–7 again as they cross.
 */
export function decideInboundAtHome(input: InboundHomeInput): Verdict {
  const v = new VerdictBuilder();
  const r = input.recipient;
  if (!r) return v.final('inbound.5-recipient-exists', 'user-not-found', { exists: false }, 'There is no such user in the organization.');
  v.pass('inbound.5-recipient-exists', { exists: true }, 'The recipient exists.');

  const isPublic = input.network === 'publiccloud';
  const enabled = isPublic ? r.enablement.publicIm : r.enablement.federation;
  const enableInputs = { network: input.network, enabledForPublicIm: r.enablement.publicIm, enabledForFederation: r.enablement.federation };
  if (!enabled) {
    return v.final('inbound.6-recipient-enabled', isPublic ? 'recipient-not-enabled-public-im' : 'recipient-not-enabled-federation', enableInputs,
      `The recipient is not enabled for ${isPublic ? 'public IM connectivity' : 'federation'}.`);
  }
  v.pass('inbound.6-recipient-enabled', enableInputs, `The recipient is enabled for ${isPublic ? 'public IM connectivity' : 'federation'}.`);

  const standing = standingOf(r.lists, input.from);
  if (standing.onBlockList) {
    return v.final('inbound.7-block-list', 'sender-on-block-list', { ...standing }, "The sender is on the recipient's Block list.");
  }
  v.pass('inbound.7-block-list', { ...standing }, "The sender is not on the recipient's Block list.");

  switch (input.kind) {
    case 'subscribe':
      return decideSubscription(v, input.verification, standing.onAllowList, r.settings);
    case 'invite':
    case 'message':
    case 'typing': {
      if (!r.online) return v.final('inbound.8-recipient-online', 'recipient-offline', { online: false }, 'The recipient is not signed in.');
      v.pass('inbound.8-recipient-online', { online: true }, 'The recipient is signed in.');
      return v.forward();
    }
    case 'notify':
    case 'unsubscribe':
    case 'bye':
      v.pass('inbound.8-in-dialog', { kind: input.kind }, 'Inside an accepted dialog: rules 5–7 still hold, so it passes.');
      return v.forward();
  }
}

function decideSubscription(v: VerdictBuilder, verification: Verification, onAllowList: boolean, settings: UserSettings): Verdict {
  const inputs = { verification, onAllowList, subscriptionSetting: settings.subscriptionSetting };
  if (onAllowList) return v.final('inbound.8-subscription', 'accepted-on-allow-list', inputs, "The sender is on the recipient's Allow list.", true);
  if (verification === 'unverified') {
    return v.final('inbound.8-subscription', 'unverified-not-on-allow-list', inputs, 'The request is unverified and the sender is not on the Allow list.');
  }
  switch (settings.subscriptionSetting) {
    case 'allow':
      return v.final('inbound.8-subscription', 'accepted-by-setting', inputs, 'Verified, on neither list, setting Allow.', true);
    case 'block':
      return v.final('inbound.8-subscription', 'subscription-setting-block', inputs, 'Verified, on neither list, setting Block.');
    case 'prompt':
      return v.final('inbound.8-subscription', 'pending-prompt', inputs, 'Verified, on neither list, setting Prompt: the recipient is asked.', true);
  }
}
