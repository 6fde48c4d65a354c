import type { AllowEntry, Filtering, PartnerServer } from '@fedlab/protocol';
import type { ListedProvider } from './inbound-edge.ts';

/** The Allow and Block tabs and discovery, as the edge holds them now (lookups by domain). */
export interface FederationTabs {
  discovery: boolean;
  discoveredVerificationLevel: Filtering;
  allow: ReadonlyMap<string, AllowEntry>;
  block: ReadonlySet<string>;
}

/** What the DNS names for a domain's `_sipfederationtls._tcp` SRV record: an Access Edge FQDN and port. */
export interface DnsTarget {
  fqdn: string;
  port: number;
}

/** Which entry governs a domain (POLICY.md, "Which entry governs a sender's domain D, first match wins"). */
export type GoverningEntry =
  | { kind: 'own-domain' }
  | { kind: 'blocked' }
  | { kind: 'provider'; provider: ListedProvider }
  | { kind: 'partner-server'; entry: PartnerServer }
  | { kind: 'allowed-domain'; dns: DnsTarget | undefined }
  | { kind: 'discovered'; dns: DnsTarget }
  | { kind: 'none'; discovery: boolean };

/** The kinds of entry that make a domain a federated partner. */
export type PartnerEntryKind = 'partner-server' | 'allowed-domain' | 'discovered';

export interface DomainWorld {
  orgDomains: readonly string[];
  /** The IM provider entry that serves the domain, if any (temporarily blocked or not). */
  provider: ListedProvider | undefined;
  tabs: FederationTabs;
}

/**
 * The table, first match wins: the organization's own domain; the Block tab; an IM provider entry; the Allow tab
 * (a partner server, or an allowed domain); discovery on and the DNS names an Access Edge for it; else none.
 * `dns` is what the DNS names for the domain (undefined: nothing, or it was not asked because nothing needs it).
 */
export function governingEntry(domain: string, world: DomainWorld, dns: DnsTarget | undefined): GoverningEntry {
  if (world.orgDomains.includes(domain)) return { kind: 'own-domain' };
  if (world.tabs.block.has(domain)) return { kind: 'blocked' };
  if (world.provider) return { kind: 'provider', provider: world.provider };
  const allowed = world.tabs.allow.get(domain);
  if (allowed?.kind === 'partner-server') return { kind: 'partner-server', entry: allowed };
  if (allowed) return { kind: 'allowed-domain', dns };
  if (world.tabs.discovery && dns) return { kind: 'discovered', dns };
  return { kind: 'none', discovery: world.tabs.discovery };
}

/**
 * Whether the edge must ask the DNS about a domain before deciding. Inbound, rule 1 needs the DNS for any
 * domain that is not the organization's, an IM provider's or a partner server's (even a blocked one: the link is
 * authenticated first). Outbound, only an allowed domain, or any other domain while discovery is on.
 */
export function dnsNeeded(domain: string, world: DomainWorld, direction: 'inbound' | 'outbound'): boolean {
  const entry = governingEntry(domain, world, undefined);
  switch (entry.kind) {
    case 'own-domain':
    case 'provider':
    case 'partner-server':
      return false;
    case 'blocked':
      return direction === 'inbound';
    case 'allowed-domain':
      return true;
    case 'none':
      return direction === 'inbound' || entry.discovery;
    case 'discovered':
      throw new Error('unreachable: nothing is discovered without a DNS answer');
  }
}

/** The verification level a partner's traffic is stamped with: the partner server's own, else the discovered partners'. */
export function partnerVerificationLevel(entry: Extract<GoverningEntry, { kind: PartnerEntryKind }>, tabs: FederationTabs): Filtering {
  return entry.kind === 'partner-server' ? entry.entry.verificationLevel : tabs.discoveredVerificationLevel;
}

/** The DNS answer an entry stands on (an allowed domain's or a discovered partner's), for the trace. */
export function dnsOf(entry: GoverningEntry): DnsTarget | undefined {
  return entry.kind === 'allowed-domain' || entry.kind === 'discovered' ? entry.dns : undefined;
}

export function describeTarget(target: DnsTarget | undefined): string | null {
  return target ? `${target.fqdn}:${target.port}` : null;
}

/** A sentence for each entry, for the trace. */
export function describeEntry(domain: string, entry: GoverningEntry): string {
  switch (entry.kind) {
    case 'own-domain':
      return `${domain} is the organization's own domain.`;
    case 'blocked':
      return `${domain} is on the Block tab.`;
    case 'provider':
      return `${domain} is served by the IM provider ${entry.provider.name} (${entry.provider.id}).`;
    case 'partner-server':
      return `${domain} is on the Allow tab as a partner server at ${entry.entry.address.fqdn}:${entry.entry.address.port}.`;
    case 'allowed-domain':
      return `${domain} is on the Allow tab as an allowed domain; the DNS names ${describeTarget(entry.dns) ?? 'no Access Edge'} for it.`;
    case 'discovered':
      return `Discovery is on and the DNS names ${describeTarget(entry.dns)} for ${domain}: a discovered partner.`;
    case 'none':
      return entry.discovery
        ? `${domain} is on neither tab, no IM provider serves it, and the DNS names no Access Edge for it.`
        : `${domain} is on neither tab, no IM provider serves it, and discovery is off.`;
  }
}
