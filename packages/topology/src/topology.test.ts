import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainOf } from '@fedlab/protocol';
import { TopologyError, loadTopology, validateTopology, type Topology } from './index.ts';
import { defaultRaw, rejection } from './topology.test-support.ts';

function provider(topology: Topology, id: string) {
  const p = topology.providers.find((x) => x.id === id);
  if (!p) throw new Error(`no provider ${id} in the default topology`);
  return p;
}

describe('the shipped default topology', () => {
  const topology = loadTopology();

  it('validates', () => {
    expect(() => validateTopology(defaultRaw())).not.toThrow();
    expect(topology).toEqual(defaultRaw());
  });

  it('has MSN, Yahoo! and AOL in the list, public, verified-only and not allowed (POLICY.md defaults)', () => {
    const expected = { msn: ['hotmail.test', 'msn.test'], yahoo: ['yahoo.test'], aol: ['aol.test', 'aim.test'] };
    for (const [id, domains] of Object.entries(expected)) {
      const p = provider(topology, id);
      expect({ id, public: p.public, edge: p.edge, domains: p.domains }).toEqual({ id, public: true, edge: { allowed: false, filtering: 'verified-only' }, domains });
    }
  });

  it('puts every user in a domain of its own side, once', () => {
    expect(topology.organization.domains).toContain('contoso.test');
    const addresses = [...topology.organization.users.map((u) => u.address), ...topology.providers.flatMap((p) => p.users.map((u) => u.address))];
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const u of topology.organization.users) expect(topology.organization.domains).toContain(domainOf(u.address));
    for (const p of topology.providers) for (const u of p.users) expect(p.domains).toContain(domainOf(u.address));
  });

  it('loads from a path as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-topology-'));
    try {
      const file = join(dir, 'copy.json');
      writeFileSync(file, JSON.stringify(defaultRaw()));
      expect(loadTopology(file)).toEqual(topology);
      writeFileSync(join(dir, 'broken.json'), '{ "organization": ');
      expect(() => loadTopology(join(dir, 'broken.json'))).toThrow(TopologyError);
      expect(() => loadTopology(join(dir, 'missing.json'))).toThrow(/cannot read topology .*missing\.json/);
      writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ ...defaultRaw(), home: {} }));
      expect(() => loadTopology(join(dir, 'invalid.json'))).toThrow(/^invalid topology: \/home\/port: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secrets in a topology', () => {
  it('takes a user\'s own password and a provider\'s link secret; the shipped topology has neither', () => {
    const raw = defaultRaw();
    expect(JSON.stringify(raw)).not.toMatch(/password|linkSecret/);
    raw.organization.users[0]!.password = 'alices-own';
    provider(raw, 'yahoo').users[0]!.password = 'yukis-own';
    provider(raw, 'yahoo').linkSecret = 'a-long-enough-link-secret';
    expect(provider(validateTopology(raw), 'yahoo').linkSecret).toBe('a-long-enough-link-secret');
    provider(raw, 'yahoo').linkSecret = 'short';
    expect(rejection(raw)).toMatch(/linkSecret/);
    provider(raw, 'yahoo').linkSecret = 'a-long-enough-link-secret';
    raw.organization.users[0]!.password = '';
    expect(rejection(raw)).toMatch(/password/);
  });
});

describe('validateTopology rejects', () => {
  it('a user listed twice', () => {
    const t = defaultRaw();
    t.organization.users.push({ address: 'alice@contoso.test', displayName: 'Alice again' });
    expect(rejection(t)).toBe('user alice@contoso.test appears twice');

    const u = defaultRaw();
    const msn = provider(u, 'msn');
    msn.users.push({ ...msn.users[0]!, displayName: 'Sam twice' });
    expect(rejection(u)).toBe(`user ${msn.users[0]!.address} appears twice`);
  });

  it('a user in a domain of another provider, or of no one', () => {
    const t = defaultRaw();
    provider(t, 'msn').users.push({ address: 'intruder@yahoo.test', displayName: 'Intruder', verified: true });
    expect(rejection(t)).toBe('user intruder@yahoo.test is not in a domain of msn');

    const u = defaultRaw();
    u.organization.users.push({ address: 'mole@hotmail.test', displayName: 'Mole' });
    expect(rejection(u)).toBe('user mole@hotmail.test is not in a domain of the organization');

    const v = defaultRaw();
    provider(v, 'aol').users.push({ address: 'nobody@nowhere.test', displayName: 'Nobody', verified: false });
    expect(rejection(v)).toBe('user nobody@nowhere.test is not in a domain of aol');
  });

  it('a domain claimed twice', () => {
    const t = defaultRaw();
    provider(t, 'yahoo').domains.push('hotmail.test');
    expect(rejection(t)).toBe('domain hotmail.test is claimed by both msn and yahoo');

    const u = defaultRaw();
    provider(u, 'msn').domains.push('contoso.test');
    expect(rejection(u)).toBe('domain contoso.test is claimed by both the organization and msn');
  });

  it('a provider id used twice', () => {
    const t = defaultRaw();
    t.providers.push({ ...structuredClone(provider(t, 'aol')), domains: ['aol2.test'], users: [] });
    expect(rejection(t)).toBe('provider id aol appears twice');
  });

  it('a bad shape, naming where', () => {
    const cases: [string, (t: Topology) => unknown, RegExp][] = [
      ['not an object', () => 'topology', /^invalid topology: \(payload\): /],
      ['no edge', (t) => { const { edge: _edge, ...rest } = t; return rest; }, /^invalid topology: \/edge: /],
      ['a port as a string', (t) => ({ ...t, home: { port: '7100' } }), /^invalid topology: \/home\/port: /],
      ['an unknown field', (t) => ({ ...t, colour: 'blue' }), /^invalid topology: \/colour: /],
      ['an upper-case address', (t) => { t.organization.users[0]!.address = 'Alice@contoso.test'; return t; }, /^invalid topology: \/organization\/users\/0\/address: /],
      ['an unknown filtering', (t) => { provider(t, 'msn').edge = { allowed: true, filtering: 'everyone' as never }; return t; }, /^invalid topology: \/providers\/0\/edge\/filtering: /],
      ['a provider without domains', (t) => { provider(t, 'msn').domains = []; return t; }, /^invalid topology: \/providers\/0\/domains: /],
      ['a bad provider id', (t) => { provider(t, 'msn').id = 'MSN'; return t; }, /^invalid topology: \/providers\/0\/id: /],
    ];
    expect(defaultRaw().providers[0]!.id).toBe('msn'); // the paths above say providers/0
    for (const [label, mutate, message] of cases) expect({ label, message: rejection(mutate(defaultRaw())) }).toEqual({ label, message: expect.stringMatching(message) });
  });
});
