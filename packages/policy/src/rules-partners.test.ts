/**
 * The pieces of the partners section the truth table walks through without looking at their words: when the DNS
 * is asked, what each check says to an admin reading the trace, and the misuses the edge must not make.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEDERATION_SETTINGS, type AllowEntry } from '@fedlab/protocol';
import {
  applyPartnerLimits, decideInboundFederated, decideOutboundFederated, dnsNeeded, governingEntry, isSuspiciousOutcome, limitedPartner,
  type FederationTabs, type InboundFederatedInput, type ListedProvider,
} from './index.ts';

const MSN: ListedProvider = { id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: true, allowed: true, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] };
const ALLOW: AllowEntry[] = [
  { kind: 'partner-server', domain: 'northwind.test', address: { fqdn: 'sip.northwind.test', port: 7305 }, verificationLevel: 'allow-all' },
  { kind: 'allowed-domain', domain: 'litware.test' },
];
const TABS: FederationTabs = { discovery: true, discoveredVerificationLevel: 'verified-only', allow: new Map(ALLOW.map((e) => [e.domain, e])), block: new Set(['spam.test']) };
const world = (provider?: ListedProvider, tabs = TABS) => ({ orgDomains: ['contoso.test'], provider, tabs });
const TAILSPIN_DNS = { fqdn: 'sip.tailspin.test', port: 7306 };

function fromPartner(over: Partial<InboundFederatedInput> = {}): InboundFederatedInput {
  return {
    kind: 'invite', from: 'tess@tailspin.test', to: 'alice@contoso.test', link: { kind: 'partner', fqdn: 'sip.tailspin.test' }, senderProvider: undefined,
    orgDomains: ['contoso.test'], federationEnabled: true, asserted: 'verified', tabs: TABS, dns: TAILSPIN_DNS, ...over,
  };
}

describe('when the edge asks the DNS', () => {
  it('never for its own domain, an IM provider\'s or a partner server\'s; inbound for any other; outbound only where the table needs it', () => {
    const cases: [string, ListedProvider | undefined, boolean, boolean][] = [
      ['contoso.test', undefined, false, false],
      ['hotmail.test', MSN, false, false],
      ['northwind.test', undefined, false, false],
      ['litware.test', undefined, true, true],
      ['spam.test', undefined, true, false],
      ['tailspin.test', undefined, true, true],
    ];
    for (const [domain, provider, inbound, outbound] of cases) {
      expect({ domain, inbound: dnsNeeded(domain, world(provider), 'inbound'), outbound: dnsNeeded(domain, world(provider), 'outbound') }).toEqual({ domain, inbound, outbound });
    }
    const off = { ...TABS, discovery: false };
    expect([dnsNeeded('tailspin.test', world(undefined, off), 'outbound'), dnsNeeded('tailspin.test', world(undefined, off), 'inbound')]).toEqual([false, true]);
  });

  it('puts the Block tab before an IM provider entry, and an IM provider entry before the Allow tab', () => {
    expect(governingEntry('msn.test', world(MSN, { ...TABS, block: new Set(['msn.test']) }), undefined)).toEqual({ kind: 'blocked' });
    expect(governingEntry('hotmail.test', world(MSN, { ...TABS, allow: new Map([['hotmail.test', { kind: 'allowed-domain', domain: 'hotmail.test' }]]) }), undefined))
      .toMatchObject({ kind: 'provider' });
  });
});

describe('what the trace says', () => {
  it('names the FQDN the link proved, the one expected, and where the expectation came from', () => {
    const stale = decideInboundFederated(fromPartner({ from: 'nora@northwind.test', link: { kind: 'partner', fqdn: 'sip-old.northwind.test' }, dns: undefined }));
    expect(stale).toMatchObject({ outcome: 'final', reason: 'partner-link-mismatch', rule: 'inbound.1-authenticated-link' });
    expect(stale.checks.at(-1)).toMatchObject({
      inputs: { link: 'partner', linkFqdn: 'sip-old.northwind.test', senderDomain: 'northwind.test', expectedFqdn: 'sip.northwind.test', via: 'allow-tab' },
      explanation: 'The Allow tab names sip.northwind.test for northwind.test, but the link proved sip-old.northwind.test.',
    });
    const unnamed = decideInboundFederated(fromPartner({ from: 'x@nowhere.test', dns: undefined }));
    expect(unnamed.checks.at(-1)!.explanation).toBe('The DNS names no Access Edge for nowhere.test, so sip.tailspin.test cannot speak for it.');
    const provider = decideInboundFederated(fromPartner({ from: 'sam@hotmail.test', senderProvider: MSN }));
    expect(provider.checks.at(-1)!.explanation).toBe("hotmail.test is a domain of the IM provider MSN; it arrives only on that provider's link, not on sip.tailspin.test's.");
  });

  it('explains the entry, the stamp and the limits of a discovered partner it lets in', () => {
    const edge = decideInboundFederated(fromPartner());
    expect(limitedPartner(edge)).toBe('tailspin.test');
    const admitted = applyPartnerLimits(edge, {
      outcome: 'admitted', limits: DEFAULT_FEDERATION_SETTINGS.limits,
      state: { domain: 'tailspin.test', standing: 'normal', distinctRecipients: 7, recentFailures: 0, recentRequests: 7, overRate: false },
    });
    expect(admitted.outcome).toBe('pass');
    expect(admitted.stamp).toEqual({ network: 'federation', provider: 'tailspin.test', fqdn: 'sip.tailspin.test', verification: 'verified' });
    expect(admitted.checks.map((c) => c.explanation)).toEqual([
      'sip.tailspin.test is the Access Edge of tailspin.test, as the DNS says.',
      "contoso.test is the organization's.",
      'The global switch is on.',
      'Discovery is on and the DNS names sip.tailspin.test:7306 for tailspin.test: a discovered partner.',
      "The discovered partners' verification level \"verified-only\" with an assertion of \"verified\" stamps \"verified\".",
      'tailspin.test is within its limits: 7 of 1000 distinct recipients, at most 20 a second.',
    ]);
  });

  it('routes outbound and says where', () => {
    const out = decideOutboundFederated({
      federationEnabled: true, recipientDomain: 'northwind.test', orgDomains: ['contoso.test'], provider: undefined, tabs: TABS, dns: undefined,
      senderEnablement: { federation: true, publicIm: false },
    });
    expect(out.route).toEqual({ kind: 'partner', domain: 'northwind.test', entry: 'partner-server', fqdn: 'sip.northwind.test', port: 7305, via: 'allow-tab' });
    expect(out.checks.at(-1)!.explanation).toBe("Sent to northwind.test's Access Edge at sip.northwind.test:7305 (the partner server on the Allow tab).");
  });
});

describe('the limits are only for discovered partners', () => {
  it('are not applied to an Allow-tab partner, an IM provider or a rejected request', () => {
    const admission = { outcome: 'watch-listed', limits: DEFAULT_FEDERATION_SETTINGS.limits, state: { domain: 'x', standing: 'watch-listed', distinctRecipients: 1001, recentFailures: 0, recentRequests: 0, overRate: false } } as const;
    const partnerServer = decideInboundFederated(fromPartner({ from: 'nora@northwind.test', link: { kind: 'partner', fqdn: 'sip.northwind.test' } }));
    const viaMsn = decideInboundFederated(fromPartner({ from: 'sam@hotmail.test', link: { kind: 'provider', provider: 'msn', domains: MSN.domains, entry: MSN }, senderProvider: MSN }));
    const rejected = decideInboundFederated(fromPartner({ federationEnabled: false }));
    for (const verdict of [partnerServer, viaMsn, rejected]) {
      expect(limitedPartner(verdict)).toBeUndefined();
      expect(() => applyPartnerLimits(verdict, admission)).toThrow(/only a discovered partner/);
    }
    expect(partnerServer).toMatchObject({ outcome: 'pass', partner: { domain: 'northwind.test', entry: 'partner-server' }, stamp: { verification: 'verified' } });
  });

  it('count as failures only "not found" and "unverified"', () => {
    expect(['user-not-found', 'unverified-not-on-allow-list', 'sender-on-block-list', 'accepted-verified', 'recipient-offline'].map(isSuspiciousOutcome))
      .toEqual([true, true, false, false, false]);
  });
});
