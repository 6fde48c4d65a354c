import type { Enablement } from '@fedlab/protocol';
import type { ListedProvider } from './inbound-edge.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface OutboundEdgeInput {
  federationEnabled: boolean;
  /** The list entry serving the recipient's domain; undefined when no listed provider serves it. */
  entry: ListedProvider | undefined;
  recipientDomain: string;
  /** The internal sender's enablement, as the home server stated it on its trusted link. */
  senderEnablement: Enablement;
}

/** Outbound rule 1, at the edge, before contacting the provider. */
export function decideOutboundAtEdge(input: OutboundEdgeInput): Verdict {
  const v = new VerdictBuilder();
  const rule = 'outbound.1-edge';
  if (!input.federationEnabled) return v.final(rule, 'federation-disabled', { federationEnabled: false }, 'The global switch is off.');
  const entry = input.entry;
  if (!entry) {
    return v.final(rule, 'provider-not-listed', { federationEnabled: true, recipientDomain: input.recipientDomain, listed: false },
      `No provider in the list serves ${input.recipientDomain}.`);
  }
  const base = { federationEnabled: true, provider: entry.id, listed: true, allowed: entry.allowed };
  if (!entry.allowed) return v.final(rule, 'provider-blocked', base, `${entry.name} is temporarily blocked.`);
  const inputs = { ...base, public: entry.public, senderEnabledForPublicIm: input.senderEnablement.publicIm, senderEnabledForFederation: input.senderEnablement.federation };
  if (entry.public && !input.senderEnablement.publicIm) {
    return v.final(rule, 'sender-not-enabled-public-im', inputs, 'The sender is not enabled for public IM connectivity.');
  }
  if (!entry.public && !input.senderEnablement.federation) {
    return v.final(rule, 'sender-not-enabled-federation', inputs, 'The sender is not enabled for federation.');
  }
  v.pass(rule, inputs, `Sent to ${entry.name} at its configured network address.`);
  return v.forward();
}
