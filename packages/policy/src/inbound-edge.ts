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
  /** The IM provider entry's id, or a partner's domain. */
  provider: string;
  fqdn: string;
  verification: Verification;
}

export type InboundEdgeVerdict = Verdict & { stamp?: StampFields };

/** Inbound rules 1 to 4, at the edge, for a request on an IM provider's link: who may come in at all, and the trust stamp. */
export function decideInboundAtEdge(input: InboundEdgeInput): InboundEdgeVerdict {
  const v = new VerdictBuilder();
  const rejected =
    checkProviderLink(v, input.link, domainOf(input.from)) ??
    checkRelayAndSwitch(v, domainOf(input.to), input.orgDomains, input.federationEnabled) ??
    checkProviderAllowed(v, input.link!.provider, input.entry);
  if (rejected) return rejected;
  return { ...v.forward(), stamp: stampFromProvider(v, input.entry!, input.asserted) };
}

// The steps, shared with the rules for federated partners (inbound-partners.ts). Each records its check in `v`
// and returns the final verdict when it rejects, undefined when the request goes on.

/** Rule 1 on a provider's link: the sender's domain must be one the link was authenticated for. */
export function checkProviderLink(v: VerdictBuilder, link: InboundEdgeInput['link'], senderDomain: string): Verdict | undefined {
  const inputs = { link: link?.provider ?? null, linkDomains: link?.domains ?? [], senderDomain };
  if (!link || !link.domains.includes(senderDomain)) {
    return v.final('inbound.1-authenticated-link', 'spoofed-sender-domain', inputs,
      link
        ? `${senderDomain} is not a domain of ${link.provider}, whose link carried the request.`
        : 'The request did not arrive on an authenticated federation link.');
  }
  v.pass('inbound.1-authenticated-link', inputs, `${senderDomain} is a domain of ${link.provider}.`);
  return undefined;
}

/** The edge is not a relay (Decision), then rule 2, the global switch. */
export function checkRelayAndSwitch(v: VerdictBuilder, recipientDomain: string, orgDomains: string[], federationEnabled: boolean): Verdict | undefined {
  const relayInputs = { recipientDomain, orgDomains };
  if (!orgDomains.includes(recipientDomain)) {
    return v.final('inbound.relay', 'cross-provider-relay', relayInputs, `${recipientDomain} is not a domain of the organization.`);
  }
  v.pass('inbound.relay', relayInputs, `${recipientDomain} is the organization's.`);
  if (!federationEnabled) return v.final('inbound.2-global-switch', 'federation-disabled', { federationEnabled: false }, 'The global switch is off.');
  v.pass('inbound.2-global-switch', { federationEnabled: true }, 'The global switch is on.');
  return undefined;
}

/** Rule 3: the link's provider must be in the list and allowed. */
export function checkProviderAllowed(v: VerdictBuilder, linkProvider: string, entry: ListedProvider | undefined): Verdict | undefined {
  if (!entry) {
    return v.final('inbound.3-provider-allowed', 'provider-not-listed', { provider: linkProvider, listed: false }, `${linkProvider} is not in the IM provider list.`);
  }
  if (!entry.allowed) {
    return v.final('inbound.3-provider-allowed', 'provider-blocked', { provider: entry.id, listed: true, allowed: false }, `${entry.name} is temporarily blocked.`);
  }
  v.pass('inbound.3-provider-allowed', { provider: entry.id, listed: true, allowed: true }, `${entry.name} is listed and allowed.`);
  return undefined;
}

/** Rule 4 for a provider: its filtering option decides the level. */
export function stampFromProvider(v: VerdictBuilder, entry: ListedProvider, asserted: Verification | undefined): StampFields {
  const verification = stampedVerification(entry.filtering, asserted);
  v.pass('inbound.4-trust-stamp', { filtering: entry.filtering, asserted: asserted ?? null, verification },
    `Filtering "${entry.filtering}" with ${describeAssertion(asserted)} stamps "${verification}".`);
  return { network: entry.public ? 'publiccloud' : 'federation', provider: entry.id, fqdn: entry.fqdn, verification };
}

export function describeAssertion(asserted: Verification | undefined): string {
  return asserted ? `an assertion of "${asserted}"` : 'no assertion';
}
