import type { Enablement } from '@fedlab/protocol';
import type { ListedProvider } from './inbound-edge.ts';
import { decideOutboundAtEdge } from './outbound.ts';
import { describeEntry, describeTarget, dnsOf, governingEntry, type DnsTarget, type FederationTabs, type PartnerEntryKind } from './federation-entry.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

export interface OutboundFederatedInput {
  federationEnabled: boolean;
  recipientDomain: string;
  orgDomains: string[];
  /** The IM provider entry that serves the recipient's domain, if any. */
  provider: ListedProvider | undefined;
  tabs: FederationTabs;
  /** What the DNS names for the recipient's domain (see `dnsNeeded`); undefined: nothing. */
  dns: DnsTarget | undefined;
  /** The internal sender's enablement, as the home server stated it on its trusted link. */
  senderEnablement: Enablement;
}

/** Where the edge sends a request it lets out: over an IM provider's link, or to a partner's Access Edge. */
export type OutboundRoute =
  | { kind: 'provider'; provider: string }
  | { kind: 'partner'; domain: string; entry: PartnerEntryKind; fqdn: string; port: number; via: 'allow-tab' | 'dns' };

export type OutboundFederatedVerdict = Verdict & { route?: OutboundRoute };

/**
 * Outbound rule 1 with the Allow and Block tabs and discovery: the global switch, then the table for the
 * recipient's domain, then the sender's enablement (federation, for any partner). A partner server is sent to at
 * its address on the Allow tab; an allowed domain and a discovered partner at what the DNS names, and a domain the
 * DNS names nothing for is answered 404 `no-such-domain` without contacting anyone. With discovery off, a domain
 * on neither tab is 403 `partner-not-allowed`.
 */
export function decideOutboundFederated(input: OutboundFederatedInput): OutboundFederatedVerdict {
  const v = new VerdictBuilder();
  const domain = input.recipientDomain;
  if (!input.federationEnabled) return v.final('outbound.1-edge', 'federation-disabled', { federationEnabled: false }, 'The global switch is off.');

  const entry = governingEntry(domain, { orgDomains: input.orgDomains, provider: input.provider, tabs: input.tabs }, input.dns);
  const rule = 'outbound.1-federation-entry';
  const inputs = { recipientDomain: domain, entry: entry.kind, dns: describeTarget(dnsOf(entry)), discovery: input.tabs.discovery };
  const explanation = describeEntry(domain, entry);
  let route: OutboundRoute;
  switch (entry.kind) {
    case 'own-domain':
      return v.final(rule, 'malformed', inputs, 'Internal traffic never crosses the edge.');
    case 'blocked':
      return v.final(rule, 'domain-blocked', inputs, explanation);
    case 'none':
      return entry.discovery ? v.final(rule, 'no-such-domain', inputs, explanation) : v.final(rule, 'partner-not-allowed', inputs, explanation);
    case 'provider': {
      v.pass(rule, inputs, explanation);
      const provider = decideOutboundAtEdge({ federationEnabled: true, entry: entry.provider, recipientDomain: domain, senderEnablement: input.senderEnablement });
      const checks = [...v.checks, ...provider.checks];
      return provider.outcome === 'final' ? { ...provider, checks } : { outcome: 'pass', checks, route: { kind: 'provider', provider: entry.provider.id } };
    }
    case 'partner-server':
      route = { kind: 'partner', domain, entry: entry.kind, ...entry.entry.address, via: 'allow-tab' };
      break;
    case 'allowed-domain':
      if (!entry.dns) return v.final(rule, 'no-such-domain', inputs, explanation);
      route = { kind: 'partner', domain, entry: entry.kind, ...entry.dns, via: 'dns' };
      break;
    case 'discovered':
      route = { kind: 'partner', domain, entry: entry.kind, ...entry.dns, via: 'dns' };
      break;
  }
  v.pass(rule, inputs, explanation);

  const enablement = { partner: domain, senderEnabledForFederation: input.senderEnablement.federation };
  if (!input.senderEnablement.federation) return v.final('outbound.1-edge', 'sender-not-enabled-federation', enablement, 'The sender is not enabled for federation.');
  v.pass('outbound.1-edge', { ...enablement, fqdn: route.fqdn, port: route.port, via: route.via },
    `Sent to ${domain}'s Access Edge at ${route.fqdn}:${route.port} (${route.via === 'allow-tab' ? 'the partner server on the Allow tab' : 'from the DNS'}).`);
  return { ...v.forward(), route };
}
