import type { Filtering, RequestKind, SourceNetwork, Verification } from '@fedlab/protocol';
import { domainOf, type Address } from '@fedlab/protocol';
import { stampedVerification } from './stamp.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

/** The provider entry as the edge's list holds it now (undefined: not in the list). */
export interface ListedProvider {
  id: string;
  name: string;
  fqdn: string;
  public: boolean;
  allowed: boolean;
  filtering: Filtering;
  domains: string[];
}

export interface InboundEdgeInput {
  kind: RequestKind;
  from: Address;
  to: Address;
  /** The link the request arrived on, with the domains it was authenticated for; undefined: no authenticated link. */
  link: { provider: string; domains: string[] } | undefined;
  /** The list entry of the link's provider now; undefined when it has been removed from the list. */
  entry: ListedProvider | undefined;
  orgDomains: string[];
  federationEnabled: boolean;
  asserted: Verification | undefined;
}

export interface StampFields {
  network: SourceNetwork;
  provider: string;
  fqdn: string;
  verification: Verification;
}

export type InboundEdgeVerdict = Verdict & { stamp?: StampFields };

/** Inbound rules 1 to 4, at the edge: who may come in at all, and the trust stamp. */
export function decideInboundAtEdge(input: InboundEdgeInput): InboundEdgeVerdict {
  const v = new VerdictBuilder();
  const senderDomain = domainOf(input.from);
  const recipientDomain = domainOf(input.to);

  const linkInputs = { link: input.link?.provider ?? null, linkDomains: input.link?.domains ?? [], senderDomain };
  if (!input.link || !input.link.domains.includes(senderDomain)) {
    return v.final('inbound.1-authenticated-link', 'spoofed-sender-domain', linkInputs,
      input.link
        ? `${senderDomain} is not a domain of ${input.link.provider}, whose link carried the request.`
        : 'The request did not arrive on an authenticated federation link.');
  }
  v.pass('inbound.1-authenticated-link', linkInputs, `${senderDomain} is a domain of ${input.link.provider}.`);

  const relayInputs = { recipientDomain, orgDomains: input.orgDomains };
  if (!input.orgDomains.includes(recipientDomain)) {
    return v.final('inbound.relay', 'cross-provider-relay', relayInputs, `${recipientDomain} is not a domain of the organization.`);
  }
  v.pass('inbound.relay', relayInputs, `${recipientDomain} is the organization's.`);

  if (!input.federationEnabled) {
    return v.final('inbound.2-global-switch', 'federation-disabled', { federationEnabled: false }, 'The global switch is off.');
  }
  v.pass('inbound.2-global-switch', { federationEnabled: true }, 'The global switch is on.');

  const entry = input.entry;
  if (!entry) {
    return v.final('inbound.3-provider-allowed', 'provider-not-listed', { provider: input.link.provider, listed: false }, `${input.link.provider} is not in the IM provider list.`);
  }
  if (!entry.allowed) {
    return v.final('inbound.3-provider-allowed', 'provider-blocked', { provider: entry.id, listed: true, allowed: false }, `${entry.name} is temporarily blocked.`);
  }
  v.pass('inbound.3-provider-allowed', { provider: entry.id, listed: true, allowed: true }, `${entry.name} is listed and allowed.`);

  const verification = stampedVerification(entry.filtering, input.asserted);
  const stamp: StampFields = { network: entry.public ? 'publiccloud' : 'federation', provider: entry.id, fqdn: entry.fqdn, verification };
  v.pass('inbound.4-trust-stamp', { filtering: entry.filtering, asserted: input.asserted ?? null, verification },
    `Filtering "${entry.filtering}" with ${input.asserted ? `an assertion of "${input.asserted}"` : 'no assertion'} stamps "${verification}".`);
  return { ...v.forward(), stamp };
}
