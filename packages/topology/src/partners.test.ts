import { describe, expect, it } from 'vitest';
import { validateTopology, type Topology } from './index.ts';
import { defaultRaw, rejection } from './topology.test-support.ts';

/**
 * The partners planned for the default topology once the edge is wired (docs/policy-decisions.md, "Partner
 * organizations as apps"): Northwind on the Allow tab as a partner server, Tailspin only discoverable through
 * its SRV record. Each is a provider app without an `edge` entry (it is not on the IM Provider tab).
 */
function withPlannedPartners(t: Topology): Topology {
  t.providers.push(
    {
      id: 'northwind', name: 'Northwind Traders (partner server)', fqdn: 'sip.northwind.test', port: 7305, domains: ['northwind.test'], public: false,
      users: [
        { address: 'nora@northwind.test', displayName: 'Nora North', verified: true },
        { address: 'ned@northwind.test', displayName: 'Ned Nye', verified: false },
      ],
    },
    {
      id: 'tailspin', name: 'Tailspin Toys (discoverable)', fqdn: 'sip.tailspin.test', port: 7306, domains: ['tailspin.test'], public: false,
      users: [
        { address: 'tess@tailspin.test', displayName: 'Tess Tate', verified: true },
        { address: 'tom@tailspin.test', displayName: 'Tom Toll', verified: false },
      ],
    },
  );
  t.edge.federation = {
    discovery: true,
    allow: [{ kind: 'partner-server', domain: 'northwind.test', address: { fqdn: 'sip.northwind.test', port: 7305 }, verificationLevel: 'verified-only' }],
    block: [],
  };
  t.srv = {
    '_sipfederationtls._tcp.contoso.test': { target: t.edge.fqdn, port: t.edge.port },
    '_sipfederationtls._tcp.northwind.test': { target: 'sip.northwind.test', port: 7305 },
    '_sipfederationtls._tcp.tailspin.test': { target: 'sip.tailspin.test', port: 7306 },
  };
  t.hosts = { ...t.hosts, 'sip.northwind.test': '127.0.0.1', 'sip.tailspin.test': '127.0.0.1' };
  return t;
}

describe('federated partners in the topology', () => {
  it('takes the planned partners: apps without an IM provider entry, an Allow tab seed and SRV records', () => {
    const t = validateTopology(withPlannedPartners(defaultRaw()));
    expect(t.edge.federation?.allow?.[0]).toMatchObject({ kind: 'partner-server', domain: 'northwind.test' });
    expect(t.srv?.['_sipfederationtls._tcp.tailspin.test']).toEqual({ target: 'sip.tailspin.test', port: 7306 });
  });

  it('keeps the shipped default free of partners until the edge is wired (Fabrikam stays on the IM Provider tab)', () => {
    const t = defaultRaw();
    expect({ federation: t.edge.federation, srv: t.srv }).toEqual({ federation: undefined, srv: undefined });
    expect(t.providers.find((p) => p.id === 'fabrikam')).toMatchObject({ public: false, edge: { allowed: true, filtering: 'verified-only' } });
  });

  it('rejects SRV records that are not `_service._proto.domain` → FQDN and port', () => {
    const cases: [string, (t: Topology) => void, RegExp][] = [
      ['a name without a service', (t) => { t.srv = { 'tailspin.test': { target: 'sip.tailspin.test', port: 1 } }; }, /^invalid topology: \/srv\/tailspin\.test: /],
      ['an unknown protocol', (t) => { t.srv = { '_sip._icmp.tailspin.test': { target: 'sip.tailspin.test', port: 1 } }; }, /^invalid topology: \/srv\/_sip\._icmp\.tailspin\.test: /],
      ['an upper-case target', (t) => { t.srv = { '_sipfederationtls._tcp.tailspin.test': { target: 'SIP.tailspin.test', port: 1 } }; }, /^invalid topology: \/srv\/_sipfederationtls\._tcp\.tailspin\.test\/target: /],
      ['port 0', (t) => { t.srv = { '_sipfederationtls._tcp.tailspin.test': { target: 'sip.tailspin.test', port: 0 } }; }, /^invalid topology: \/srv\/_sipfederationtls\._tcp\.tailspin\.test\/port: /],
      ['a missing port', (t) => { t.srv = { '_sipfederationtls._tcp.tailspin.test': { target: 'sip.tailspin.test' } as never }; }, /^invalid topology: \/srv\/_sipfederationtls\._tcp\.tailspin\.test\/port: /],
    ];
    for (const [label, mutate, message] of cases) {
      const t = defaultRaw();
      mutate(t);
      expect({ label, message: rejection(t) }).toEqual({ label, message: expect.stringMatching(message) });
    }
  });

  it('rejects a seed that an admin could not set: a domain on both tabs, the organization\'s, an IM provider\'s on the Allow tab', () => {
    const seeded = (federation: Topology['edge']['federation']) => {
      const t = withPlannedPartners(defaultRaw());
      t.edge.federation = federation;
      return rejection(t);
    };
    expect(seeded({ allow: [{ kind: 'allowed-domain', domain: 'tailspin.test' }], block: ['tailspin.test'] }))
      .toBe('edge.federation.block: tailspin.test is on the Allow tab; a domain cannot be on both tabs. Remove it there first.');
    expect(seeded({ block: ['litware.test', 'litware.test'] })).toBe('edge.federation.block: litware.test is already on the Block tab.');
    expect(seeded({ block: ['contoso.test'] })).toBe("edge.federation.block: contoso.test is the organization's own domain.");
    expect(seeded({ allow: [{ kind: 'allowed-domain', domain: 'hotmail.test' }] }))
      .toBe('edge.federation.allow: hotmail.test is served by the IM provider MSN (msn): the IM Provider tab governs it.');
    expect(seeded({ limits: { suspiciousRequestsPerSecond: 30 } }))
      .toBe('edge.federation.limits: The rate for suspicious traffic (30 a second) must not exceed the rate of every discovered partner (20 a second).');
    expect(seeded({ allow: [{ kind: 'allowed-domain', domain: 'x'.repeat(250) + '.test' }] })).toMatch(/^invalid topology: \/edge\/federation\/allow\/0/);
    // The Block tab may hold an IM provider's domain: POLICY.md's table looks at the Block tab first.
    const t = withPlannedPartners(defaultRaw());
    t.edge.federation = { block: ['msn.test'] };
    expect(() => validateTopology(t)).not.toThrow();
  });
});
