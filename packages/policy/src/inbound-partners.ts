import type { RequestKind, Verification } from '@fedlab/protocol';
import { domainOf, type Address } from '@fedlab/protocol';
import {
  checkProviderAllowed, checkProviderLink, checkRelayAndSwitch, describeAssertion, stampFromProvider,
  type InboundEdgeVerdict, type ListedProvider,
} from './inbound-edge.ts';
import {
  describeEntry, describeTarget, dnsOf, governingEntry, partnerVerificationLevel,
  type DnsTarget, type DomainWorld, type FederationTabs, type GoverningEntry, type PartnerEntryKind,
} from './federation-entry.ts';
import { stampedVerification } from './stamp.ts';
import { VerdictBuilder, type Verdict } from './verdict.ts';

/** The link a request arrived on: one the edge dialed for an IM provider entry, or a partner's, by the FQDN it proved. */
export type ArrivalLink =
  | { kind: 'provider'; provider: string; domains: string[]; entry: ListedProvider | undefined }
  | { kind: 'partner'; fqdn: string };

export interface InboundFederatedInput {
  kind: RequestKind;
  from: Address;
  to: Address;
  /** undefined: no authenticated link. A provider link carries its domains and its provider's list entry now (undefined: removed). */
  link: ArrivalLink | undefined;
  /** The IM provider entry that serves the sender's domain, if any. */
  senderProvider: ListedProvider | undefined;
  orgDomains: string[];
  federationEnabled: boolean;
  asserted: Verification | undefined;
  tabs: FederationTabs;
  /** What the DNS names for the sender's domain (see `dnsNeeded`); undefined: nothing. */
  dns: DnsTarget | undefined;
}

/** The federated partner a request came from, and by which entry. */
export interface PartnerOfRequest {
  domain: string;
  entry: PartnerEntryKind;
}

export type FederatedInboundVerdict = InboundEdgeVerdict & { partner?: PartnerOfRequest };

/**
 * Inbound rules 1 to 4 at the edge, with the Allow and Block tabs and discovery (POLICY.md, "Federated
 * partners"). On an IM provider's link: rule 1 as before, the relay check, rule 2, then the Block tab before the
 * provider's own rule 3, then its stamp. On a partner's link: rule 1 against the partner server's FQDN or the
 * DNS answer, the relay check, rule 2, the table in place of rule 3, then the stamp from the partner's
 * verification level. A discovered partner then goes through its limits (`applyPartnerLimits`).
 */
export function decideInboundFederated(input: InboundFederatedInput): FederatedInboundVerdict {
  const v = new VerdictBuilder();
  const senderDomain = domainOf(input.from);
  const recipientDomain = domainOf(input.to);
  const link = input.link;

  if (link?.kind !== 'partner') {
    const rejected =
      checkProviderLink(v, link, senderDomain) ??
      checkRelayAndSwitch(v, recipientDomain, input.orgDomains, input.federationEnabled) ??
      checkBlockTab(v, senderDomain, input.tabs, link!.provider) ??
      checkProviderAllowed(v, link!.provider, link!.entry);
    if (rejected) return rejected;
    return { ...v.forward(), stamp: stampFromProvider(v, link!.entry!, input.asserted) };
  }

  const world: DomainWorld = { orgDomains: input.orgDomains, provider: input.senderProvider, tabs: input.tabs };
  const rejected =
    checkPartnerLink(v, link.fqdn, senderDomain, world, input.dns) ??
    checkRelayAndSwitch(v, recipientDomain, input.orgDomains, input.federationEnabled);
  if (rejected) return rejected;

  const entry = governingEntry(senderDomain, world, input.dns);
  const entryInputs = { senderDomain, entry: entry.kind, dns: describeTarget(dnsOf(entry)), discovery: input.tabs.discovery };
  if (entry.kind === 'blocked') return v.final('inbound.3-federation-entry', 'domain-blocked', entryInputs, describeEntry(senderDomain, entry));
  if (!isPartner(entry)) return v.final('inbound.3-federation-entry', 'partner-not-allowed', entryInputs, describeEntry(senderDomain, entry));
  v.pass('inbound.3-federation-entry', entryInputs, describeEntry(senderDomain, entry));

  const level = partnerVerificationLevel(entry, input.tabs);
  const verification = stampedVerification(level, input.asserted);
  const whose = entry.kind === 'partner-server' ? "The partner server's verification level" : "The discovered partners' verification level";
  v.pass('inbound.4-trust-stamp', { partner: senderDomain, entry: entry.kind, verificationLevel: level, asserted: input.asserted ?? null, verification },
    `${whose} "${level}" with ${describeAssertion(input.asserted)} stamps "${verification}".`);
  return {
    ...v.forward(),
    stamp: { network: 'federation', provider: senderDomain, fqdn: link.fqdn, verification },
    partner: { domain: senderDomain, entry: entry.kind },
  };
}

function isPartner(entry: GoverningEntry): entry is Extract<GoverningEntry, { kind: PartnerEntryKind }> {
  return entry.kind === 'partner-server' || entry.kind === 'allowed-domain' || entry.kind === 'discovered';
}

/** On an IM provider's link, the Block tab comes before the provider's own rule 3 (the table's order). */
function checkBlockTab(v: VerdictBuilder, senderDomain: string, tabs: FederationTabs, provider: string): Verdict | undefined {
  const inputs = { senderDomain, onBlockTab: tabs.block.has(senderDomain), provider };
  if (inputs.onBlockTab) return v.final('inbound.3-federation-entry', 'domain-blocked', inputs, `${senderDomain} is on the Block tab.`);
  v.pass('inbound.3-federation-entry', inputs, `${senderDomain} is not on the Block tab; the IM provider list governs it.`);
  return undefined;
}

/**
 * Rule 1 on a partner's link. The organization's own domain and an IM provider's domains never arrive on a
 * partner's link. Any other domain must be the one whose Access Edge the link proved to be: the partner server's
 * FQDN on the Allow tab, else the FQDN the DNS names for the domain (nothing named: nothing can match).
 */
function checkPartnerLink(v: VerdictBuilder, linkFqdn: string, senderDomain: string, world: DomainWorld, dns: DnsTarget | undefined): Verdict | undefined {
  const rule = 'inbound.1-authenticated-link';
  const base = { link: 'partner', linkFqdn, senderDomain };
  if (world.orgDomains.includes(senderDomain)) {
    return v.final(rule, 'spoofed-sender-domain', { ...base, ownDomain: true }, `${senderDomain} is the organization's own domain; it never arrives from outside.`);
  }
  if (world.provider) {
    return v.final(rule, 'spoofed-sender-domain', { ...base, provider: world.provider.id },
      `${senderDomain} is a domain of the IM provider ${world.provider.name}; it arrives only on that provider's link, not on ${linkFqdn}'s.`);
  }
  const allowed = world.tabs.allow.get(senderDomain);
  const expected = allowed?.kind === 'partner-server'
    ? { fqdn: allowed.address.fqdn, via: 'allow-tab' as const }
    : dns && { fqdn: dns.fqdn, via: 'dns' as const };
  const inputs = { ...base, expectedFqdn: expected?.fqdn ?? null, via: expected?.via ?? null };
  const source = expected?.via === 'allow-tab' ? 'the partner server on the Allow tab' : 'the DNS';
  if (!expected) return v.final(rule, 'partner-link-mismatch', inputs, `The DNS names no Access Edge for ${senderDomain}, so ${linkFqdn} cannot speak for it.`);
  if (expected.fqdn !== linkFqdn) {
    return v.final(rule, 'partner-link-mismatch', inputs, `${source === 'the DNS' ? 'The DNS names' : 'The Allow tab names'} ${expected.fqdn} for ${senderDomain}, but the link proved ${linkFqdn}.`);
  }
  v.pass(rule, inputs, `${linkFqdn} is the Access Edge of ${senderDomain}, as ${source} says.`);
  return undefined;
}
