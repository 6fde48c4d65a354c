/**
 * The truth table of POLICY.md's section "Federated partners: the Allow and Block tabs, and discovery". As in
 * truth-table.test.ts, every combination is walked, and an oracle written here (a plain re-statement of the
 * section, sharing no code with the policy functions) says what must happen: at the edge (rule 1 against the
 * partner server's FQDN or the DNS answer, rule 2, the table in place of rule 3, the stamp, the limits), on the
 * whole inbound path (rules 5–9 as for providers, under federation enablement), and outbound (the table, the
 * route, 404 for a domain the DNS names nothing for).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEDERATION_SETTINGS, answerFor, toPublic, type AllowEntry, type Filtering, type Reason, type Verification } from '@fedlab/protocol';
import {
  applyPartnerLimits, decideFederatedInbound, decideInboundFederated, decideOutboundFederated, dnsNeeded, limitedPartner,
  type Admission, type ArrivalLink, type DnsTarget, type FederationTabs, type ListedProvider, type OutboundRoute,
} from './index.ts';
import {
  ALICE, ASSERTIONS, BOOLEANS, FILTERINGS, OPENING, ORG_DOMAINS, STANDINGS, SUBSCRIPTION_CHOICES,
  combinations, decider, differences, recipientInput, recipientOracle, report, verdictProblems, verifiedBy,
  type Expected,
} from './truth-table.support.ts';

// ---------------------------------------------------------------------------------------------------------------
// The world: Contoso's edge, MSN on the IM Provider tab, and domains of every kind the table knows.

const MSN_DOMAINS = ['hotmail.test', 'msn.test'];
const DOMAINS = {
  own: 'contoso.test',
  provider: 'hotmail.test',
  'blocked-provider': 'msn.test',
  blocked: 'blocked.test',
  'partner-server': 'northwind.test',
  allowed: 'litware.test',
  'allowed-unresolvable': 'gone.test',
  discoverable: 'tailspin.test',
  unknown: 'nowhere.test',
} as const;
type DomainCase = keyof typeof DOMAINS;
const DOMAIN_CASES = Object.keys(DOMAINS) as DomainCase[];

/** The testbed's DNS: `_sipfederationtls._tcp.<domain>` → Access Edge. Northwind's record is stale: the Allow tab names another FQDN. */
const DNS: Record<string, DnsTarget> = {
  'blocked.test': { fqdn: 'sip.blocked.test', port: 5061 },
  'northwind.test': { fqdn: 'sip-old.northwind.test', port: 5061 },
  'litware.test': { fqdn: 'sip.litware.test', port: 5061 },
  'tailspin.test': { fqdn: 'sip.tailspin.test', port: 7306 },
};
const BLOCK_TAB = ['msn.test', 'blocked.test'];
const NORTHWIND = { fqdn: 'sip.northwind.test', port: 7305 };

type ProviderState = 'allowed' | 'temporarily-blocked' | 'not-listed';
const PROVIDER_STATES: readonly ProviderState[] = ['allowed', 'temporarily-blocked', 'not-listed'];
/** How the link the request came on relates to the sender's domain. */
type LinkCase = 'msn-link' | 'none' | 'partner:expected' | 'partner:dns-named' | 'partner:other';
const LINK_CASES: readonly LinkCase[] = ['msn-link', 'none', 'partner:expected', 'partner:dns-named', 'partner:other'];
type AdmissionCase = Admission['outcome'];
const ADMISSIONS: readonly AdmissionCase[] = ['admitted', 'watch-listed', 'over-rate', 'throttled'];

/** The FQDN that POLICY.md says authenticates each domain (a made-up one where nothing can). */
const EXPECTED_FQDN: Record<DomainCase, string> = {
  own: 'edge.contoso.test', provider: 'sip.msn.test', 'blocked-provider': 'sip.msn.test', blocked: 'sip.blocked.test',
  'partner-server': 'sip.northwind.test', allowed: 'sip.litware.test', 'allowed-unresolvable': 'sip.gone.test',
  discoverable: 'sip.tailspin.test', unknown: 'sip.nowhere.test',
};

interface EdgeWorld {
  domain: DomainCase;
  link: LinkCase;
  msn: ProviderState;
  discovery: boolean;
  globalSwitch: boolean;
  serverLevel: Filtering;
  discoveredLevel: Filtering;
  asserted: Verification | undefined;
  admission: AdmissionCase;
}

function msnEntry(w: EdgeWorld): ListedProvider | undefined {
  if (w.msn === 'not-listed') return undefined;
  return { id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: true, allowed: w.msn === 'allowed', filtering: w.serverLevel, domains: [...MSN_DOMAINS] };
}

const tabsMemo = new Map<string, FederationTabs>();
function tabsOf(w: Pick<EdgeWorld, 'discovery' | 'serverLevel' | 'discoveredLevel'>): FederationTabs {
  const key = `${w.discovery} ${w.serverLevel} ${w.discoveredLevel}`;
  if (!tabsMemo.has(key)) tabsMemo.set(key, buildTabs(w));
  return tabsMemo.get(key)!;
}

function buildTabs(w: Pick<EdgeWorld, 'discovery' | 'serverLevel' | 'discoveredLevel'>): FederationTabs {
  const allow: AllowEntry[] = [
    { kind: 'partner-server', domain: 'northwind.test', address: { ...NORTHWIND }, verificationLevel: w.serverLevel },
    { kind: 'allowed-domain', domain: 'litware.test' },
    { kind: 'allowed-domain', domain: 'gone.test' },
  ];
  return { discovery: w.discovery, discoveredVerificationLevel: w.discoveredLevel, allow: new Map(allow.map((e) => [e.domain, e])), block: new Set(BLOCK_TAB) };
}

function linkOf(w: EdgeWorld): ArrivalLink | undefined {
  switch (w.link) {
    case 'msn-link':
      return { kind: 'provider', provider: 'msn', domains: [...MSN_DOMAINS], entry: msnEntry(w) };
    case 'none':
      return undefined;
    case 'partner:expected':
      return { kind: 'partner', fqdn: EXPECTED_FQDN[w.domain] };
    case 'partner:dns-named':
      return { kind: 'partner', fqdn: DNS[DOMAINS[w.domain]]?.fqdn ?? 'sip.unnamed.test' };
    case 'partner:other':
      return { kind: 'partner', fqdn: 'sip.intruder.test' };
  }
}

function admissionOf(outcome: AdmissionCase): Admission {
  return {
    outcome,
    state: { domain: 'tailspin.test', standing: outcome === 'throttled' ? 'throttled' : 'normal', distinctRecipients: 3, recentFailures: 0, recentRequests: 3, overRate: outcome === 'over-rate' },
    limits: DEFAULT_FEDERATION_SETTINGS.limits,
  };
}

/** The edge's inputs; `askDns` says whether the DNS answer is given only when `dnsNeeded` asks for it, or always. */
function edgeInput(w: EdgeWorld, askDns: 'when-needed' | 'always') {
  const domain = DOMAINS[w.domain];
  const tabs = tabsOf(w);
  const msn = msnEntry(w);
  const senderProvider = msn && msn.domains.includes(domain) ? msn : undefined;
  const needed = dnsNeeded(domain, { orgDomains: ORG_DOMAINS, provider: senderProvider, tabs }, 'inbound');
  return {
    from: `someone@${domain}`, to: ALICE, link: linkOf(w), senderProvider, orgDomains: [...ORG_DOMAINS],
    federationEnabled: w.globalSwitch, asserted: w.asserted, tabs, dns: askDns === 'always' || needed ? DNS[domain] : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle for the edge.

type FullStamp = { network: 'publiccloud' | 'federation'; provider: string; fqdn: string; verification: Verification };
type EdgeExpectation =
  | { passes: false; want: Expected }
  | { passes: true; looked: string[]; stamp: FullStamp; partner?: { domain: string; entry: string } };

/** POLICY.md, the section on partners, at the edge, as plainly as possible. */
function edgeOracle(w: EdgeWorld): EdgeExpectation {
  const D = DOMAINS[w.domain];
  const looked: string[] = [];
  const reject = (rule: string, reason: Reason, code: 403 | 429 = 403): EdgeExpectation =>
    ({ passes: false, want: { code, reason, hop: 'edge', rule, looked: [...looked, rule], seenCode: code } });
  const msnListed = w.msn !== 'not-listed';
  const onBlockTab = BLOCK_TAB.includes(D);
  const partnerServer = D === 'northwind.test';
  const allowedDomain = D === 'litware.test' || D === 'gone.test';

  if (w.link === 'msn-link') {
    // Rule 1: the sender's domain must be one of the provider's, whose link carried it.
    if (!MSN_DOMAINS.includes(D)) return reject('inbound.1-authenticated-link', 'spoofed-sender-domain');
    looked.push('inbound.1-authenticated-link', 'inbound.relay');
    if (!w.globalSwitch) return reject('inbound.2-global-switch', 'federation-disabled');
    looked.push('inbound.2-global-switch');
    // The table: the Block tab (its step 2) comes before the IM provider entry (its step 3).
    if (onBlockTab) return reject('inbound.3-federation-entry', 'domain-blocked');
    looked.push('inbound.3-federation-entry');
    if (w.msn === 'not-listed') return reject('inbound.3-provider-allowed', 'provider-not-listed');
    if (w.msn === 'temporarily-blocked') return reject('inbound.3-provider-allowed', 'provider-blocked');
    looked.push('inbound.3-provider-allowed', 'inbound.4-trust-stamp');
    const verification = verifiedBy(w.serverLevel, w.asserted) ? 'verified' : 'unverified';
    return { passes: true, looked, stamp: { network: 'publiccloud', provider: 'msn', fqdn: 'sip.msn.test', verification } };
  }
  if (w.link === 'none') return reject('inbound.1-authenticated-link', 'spoofed-sender-domain');

  // Rule 1 on a partner's link: never the organization's own domain, never a domain an IM provider serves; else the
  // link must have proved the partner server's FQDN (Allow tab) or the one the DNS names for D.
  const fqdn = (linkOf(w) as { fqdn: string }).fqdn;
  if (D === 'contoso.test') return reject('inbound.1-authenticated-link', 'spoofed-sender-domain');
  if (msnListed && MSN_DOMAINS.includes(D)) return reject('inbound.1-authenticated-link', 'spoofed-sender-domain');
  const expected = partnerServer ? NORTHWIND.fqdn : DNS[D]?.fqdn;
  if (expected === undefined || expected !== fqdn) return reject('inbound.1-authenticated-link', 'partner-link-mismatch');
  looked.push('inbound.1-authenticated-link', 'inbound.relay');
  if (!w.globalSwitch) return reject('inbound.2-global-switch', 'federation-disabled');
  looked.push('inbound.2-global-switch');
  // The table in place of rule 3: Block tab, Allow tab, discovery (and the DNS resolves D), else not allowed.
  if (onBlockTab) return reject('inbound.3-federation-entry', 'domain-blocked');
  let entry: 'partner-server' | 'allowed-domain' | 'discovered';
  if (partnerServer) entry = 'partner-server';
  else if (allowedDomain) entry = 'allowed-domain';
  else if (w.discovery && DNS[D]) entry = 'discovered';
  else return reject('inbound.3-federation-entry', 'partner-not-allowed');
  looked.push('inbound.3-federation-entry');
  // The stamp: the partner server's level, or the discovered partners' level (an allowed domain's too).
  const level = entry === 'partner-server' ? w.serverLevel : w.discoveredLevel;
  const verification = verifiedBy(level, w.asserted) ? 'verified' : 'unverified';
  looked.push('inbound.4-trust-stamp');
  // The limits, for discovered partners only.
  if (entry === 'discovered') {
    if (w.admission === 'watch-listed') return reject('inbound.limits', 'partner-watch-listed');
    if (w.admission === 'over-rate') return reject('inbound.limits', 'partner-rate-limited', 429);
    if (w.admission === 'throttled') return reject('inbound.limits', 'partner-throttled', 429);
    looked.push('inbound.limits');
  }
  return { passes: true, looked, stamp: { network: 'federation', provider: D, fqdn, verification }, partner: { domain: D, entry } };
}

/**
 * Every answer of the limiter for the domain that can be discovered; for the others, "admitted" and "watch-listed"
 * (which would reject, were the limits wrongly applied to them). Keeps the table fast.
 */
function admissionsFor(domain: DomainCase): readonly AdmissionCase[] {
  return domain === 'discoverable' ? ADMISSIONS : ['admitted', 'watch-listed'];
}

/** What a verdict decided, without the wording of its checks. */
function gist(v: ReturnType<typeof runEdge>): string {
  return JSON.stringify([v.outcome, v.outcome === 'final' ? [v.reason, v.rule] : [], v.stamp, v.partner, v.checks.map((c) => c.rule)]);
}

function runEdge(w: EdgeWorld, askDns: 'when-needed' | 'always') {
  let verdict = decideInboundFederated({ kind: 'subscribe', ...edgeInput(w, askDns) });
  if (limitedPartner(verdict)) verdict = applyPartnerLimits(verdict, admissionOf(w.admission));
  return verdict;
}

describe('partners at the edge (decideInboundFederated, then applyPartnerLimits)', () => {
  it('agrees with POLICY.md on every combination of the inputs, whether the DNS is asked only when needed or always', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const reasonsSeen = new Set<string>();
    const dimensions = { domain: DOMAIN_CASES, link: LINK_CASES, msn: PROVIDER_STATES, discovery: BOOLEANS, globalSwitch: BOOLEANS, serverLevel: FILTERINGS, discoveredLevel: FILTERINGS, asserted: ASSERTIONS };
    for (const row of combinations(dimensions))
      for (const admission of admissionsFor(row.domain)) {
        rows++;
        const w: EdgeWorld = { ...row, admission };
        const want = edgeOracle(w);
        const got = runEdge(w, 'when-needed');
        const problems = verdictProblems(got);
        if (gist(runEdge(w, 'always')) !== gist(got)) problems.push('the DNS answer changed a verdict that dnsNeeded said does not need it');
        if (!want.passes) {
          reasonsSeen.add(want.want.reason);
          if (got.outcome !== 'final') problems.push(`passed, expected ${want.want.reason}`);
          else problems.push(...differences({ code: want.want.code, reason: got.reason, hop: 'edge', rule: got.rule, checks: got.checks }, want.want));
          if (got.stamp) problems.push('stamped a request it rejects');
          // What the sender learns is the public form, decided at the edge.
          const seen = toPublic(answerFor('id', want.want.reason, 'edge'));
          if (seen.code !== want.want.code || seen.diagnostic.hop !== 'edge') problems.push(`the sender sees ${JSON.stringify(seen.diagnostic)}`);
        } else {
          const looked = got.checks.map((c) => c.rule).join(' > ');
          if (got.outcome !== 'pass') problems.push(`rejected (${got.outcome === 'final' ? got.reason : ''}), expected to pass`);
          if (looked !== want.looked.join(' > ')) problems.push(`looked at [${looked}] ≠ [${want.looked.join(' > ')}]`);
          if (JSON.stringify(got.stamp) !== JSON.stringify(want.stamp)) problems.push(`stamp ${JSON.stringify(got.stamp)} ≠ ${JSON.stringify(want.stamp)}`);
          if (JSON.stringify(got.partner) !== JSON.stringify(want.partner)) problems.push(`partner ${JSON.stringify(got.partner)} ≠ ${JSON.stringify(want.partner)}`);
        }
        if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
      }
    expect(rows).toBe((8 * 2 + 1 * 4) * 5 * 3 * 2 * 2 * 3 * 3 * 3);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
    expect([...reasonsSeen].sort()).toEqual(
      ([
        'spoofed-sender-domain', 'partner-link-mismatch', 'federation-disabled', 'domain-blocked', 'partner-not-allowed',
        'provider-not-listed', 'provider-blocked', 'partner-watch-listed', 'partner-rate-limited', 'partner-throttled',
      ] satisfies Reason[]).sort(),
    );
  }, 30_000);
});

// ===============================================================================================================
// The whole inbound path from a partner: rules 5–9 as for providers, under federation enablement.

const PASSING: readonly { domain: DomainCase; link: LinkCase }[] = [
  { domain: 'provider', link: 'msn-link' },
  { domain: 'partner-server', link: 'partner:expected' },
  { domain: 'allowed', link: 'partner:expected' },
  { domain: 'discoverable', link: 'partner:expected' },
];

describe('the inbound path from a partner (decideFederatedInbound)', () => {
  it('agrees with POLICY.md on every combination of the recipient with every verification level', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const offline = {
      invite: toPublic(answerFor('same-id', 'recipient-offline', 'home'), 'invite'),
      subscribe: toPublic(answerFor('same-id', 'accepted-on-allow-list', 'home', { presence: { state: 'offline', note: '' } }), 'subscribe'),
    };
    const dimensions = {
      passing: PASSING, level: FILTERINGS, asserted: ASSERTIONS, enabledFederation: BOOLEANS, enabledPublicIm: BOOLEANS, standing: STANDINGS,
      subscriptionSetting: SUBSCRIPTION_CHOICES, blockImFromNonAllowList: BOOLEANS, online: BOOLEANS, kind: OPENING,
    };
    for (const { passing: { domain, link }, level, asserted, ...r } of combinations(dimensions)) {
      rows++;
      const edgeWorld: EdgeWorld = {
        domain, link, msn: 'allowed', discovery: true, globalSwitch: true, serverLevel: level, discoveredLevel: level, asserted, admission: 'admitted',
      };
      const edge = edgeOracle(edgeWorld);
      if (!edge.passes) throw new Error(`the oracle rejects ${JSON.stringify(edgeWorld)} at the edge`);
      const looked = [...edge.looked];
      const verified = edge.stamp.verification === 'verified';
      const want = recipientOracle(r, edge.stamp.network, verified, looked, decider(looked, () => edge.stamp, r.kind));
      const input = edgeInput(edgeWorld, 'when-needed');
      const got = decideFederatedInbound({ ...input, kind: r.kind, admission: admissionOf('admitted'), recipient: recipientInput(r, input.from) });
      const problems = differences(got, want);
      const seen = toPublic(answerFor('same-id', got.reason, got.hop), r.kind);
      if (seen.code !== want.seenCode || seen.diagnostic.hop !== 'edge') problems.push(`the partner's user sees ${seen.code} from ${seen.diagnostic.hop}`);
      if (want.reason === 'sender-on-block-list' && JSON.stringify(seen) !== JSON.stringify(offline[r.kind])) problems.push('a Block-list rejection does not look exactly like an offline recipient');
      if (problems.length) mismatches.push(`${JSON.stringify({ ...edgeWorld, ...r })}: ${problems.join('; ')}`);
    }
    expect(rows).toBe(4 * 3 * 3 * 2 * 2 * 4 * 3 * 2 * 2 * 2);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
  }, 30_000);
});

// ===============================================================================================================
// Outbound: Alice writes to someone at each kind of domain.

interface OutboundWorld {
  domain: DomainCase;
  msn: ProviderState;
  discovery: boolean;
  globalSwitch: boolean;
  enabledFederation: boolean;
  enabledPublicIm: boolean;
}

/** POLICY.md: "Outbound to D: global switch, the table above, r enabled for federation"; the edge sends to the partner server's FQDN or what the DNS names; unresolvable → 404. */
function outboundOracle(w: OutboundWorld): { want: Expected; route?: OutboundRoute } {
  const D = DOMAINS[w.domain];
  const looked: string[] = [];
  const decide = (rule: string, reason: Reason, code: 200 | 400 | 403 | 404) => ({ code, reason, hop: 'edge' as const, rule, looked: [...looked, rule], seenCode: code });
  if (!w.globalSwitch) return { want: decide('outbound.1-edge', 'federation-disabled', 403) };
  const entryRule = 'outbound.1-federation-entry';
  if (D === 'contoso.test') return { want: decide(entryRule, 'malformed', 400) };
  if (BLOCK_TAB.includes(D)) return { want: decide(entryRule, 'domain-blocked', 403) };
  if (w.msn !== 'not-listed' && MSN_DOMAINS.includes(D)) {
    // The IM provider rules (outbound rule 1): allowed, and the sender enabled for the provider's kind (public).
    looked.push(entryRule);
    if (w.msn === 'temporarily-blocked') return { want: decide('outbound.1-edge', 'provider-blocked', 403) };
    if (!w.enabledPublicIm) return { want: decide('outbound.1-edge', 'sender-not-enabled-public-im', 403) };
    return { want: decide('outbound.1-edge', 'delivered', 200), route: { kind: 'provider', provider: 'msn' } };
  }
  let route: OutboundRoute;
  if (D === 'northwind.test') route = { kind: 'partner', domain: D, entry: 'partner-server', ...NORTHWIND, via: 'allow-tab' };
  else if (D === 'litware.test' || D === 'gone.test') {
    if (!DNS[D]) return { want: decide(entryRule, 'no-such-domain', 404) };
    route = { kind: 'partner', domain: D, entry: 'allowed-domain', ...DNS[D], via: 'dns' };
  } else if (!w.discovery) return { want: decide(entryRule, 'partner-not-allowed', 403) };
  else if (!DNS[D]) return { want: decide(entryRule, 'no-such-domain', 404) };
  else route = { kind: 'partner', domain: D, entry: 'discovered', ...DNS[D], via: 'dns' };
  looked.push(entryRule);
  if (!w.enabledFederation) return { want: decide('outbound.1-edge', 'sender-not-enabled-federation', 403) };
  return { want: decide('outbound.1-edge', 'delivered', 200), route };
}

describe('outbound to partners (decideOutboundFederated)', () => {
  it('agrees with POLICY.md on every combination, and routes where it says', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const dimensions = { domain: DOMAIN_CASES, msn: PROVIDER_STATES, discovery: BOOLEANS, globalSwitch: BOOLEANS, enabledFederation: BOOLEANS, enabledPublicIm: BOOLEANS };
    for (const w of combinations(dimensions)) {
      rows++;
      const { want, route } = outboundOracle(w);
      const D = DOMAINS[w.domain];
      const edgeWorld = { ...w, link: 'none' as const, serverLevel: 'verified-only' as const, discoveredLevel: 'verified-only' as const, asserted: undefined, admission: 'admitted' as const };
      const provider = msnEntry(edgeWorld);
      const tabs = tabsOf(edgeWorld);
      const base = { federationEnabled: w.globalSwitch, recipientDomain: D, orgDomains: [...ORG_DOMAINS], provider: provider?.domains.includes(D) ? provider : undefined, tabs, senderEnablement: { federation: w.enabledFederation, publicIm: w.enabledPublicIm } };
      const needed = dnsNeeded(D, { orgDomains: ORG_DOMAINS, provider: base.provider, tabs }, 'outbound');
      const got = decideOutboundFederated({ ...base, dns: needed ? DNS[D] : undefined });
      const problems = verdictProblems(got);
      if (JSON.stringify(decideOutboundFederated({ ...base, dns: DNS[D] })) !== JSON.stringify(got)) problems.push('the DNS answer changed a verdict that dnsNeeded said does not need it');
      const reason = got.outcome === 'final' ? got.reason : 'delivered';
      problems.push(...differences({ code: want.code, reason, hop: 'edge', rule: got.outcome === 'final' ? got.rule : got.checks.at(-1)!.rule, checks: got.checks }, want));
      if (JSON.stringify(got.route) !== JSON.stringify(route)) problems.push(`route ${JSON.stringify(got.route)} ≠ ${JSON.stringify(route)}`);
      if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
    }
    expect(rows).toBe(9 * 3 * 2 * 2 * 2 * 2);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
  });
});
