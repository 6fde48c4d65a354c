import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FEDERATION_SETTINGS, type ProviderEntry } from '@fedlab/protocol';
import { governingEntry } from '@fedlab/policy';
import { Store } from '@fedlab/server';
import type { FederationSeed } from '@fedlab/topology';
import { FederationSettingsError, PartnerSettings } from './federation-settings.ts';
import { refusalOf } from './refusal.test-support.ts';

const MSN: ProviderEntry = {
  id: 'msn', name: 'MSN', address: { fqdn: 'sip.msn.test', port: 7301 }, public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'],
};
const NORTHWIND = { kind: 'partner-server', domain: 'northwind.test', address: { fqdn: 'sip.northwind.test', port: 7305 } } as const;
const SEED: FederationSeed = { allow: [NORTHWIND], block: ['spam.test'], limits: { requestsPerSecond: 50 } };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Settings on a fresh SQLite file (seeded with SEED, or nothing for null); `restart()` opens the same file again, as the edge does after a restart. */
function open(seed: FederationSeed | null = SEED) {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-partners-'));
  dirs.push(dir);
  const file = join(dir, 'edge.db');
  let store = new Store(file);
  const make = () => new PartnerSettings({ store, orgDomains: ['contoso.test'], edgeFqdn: 'edge.contoso.test', providers: () => [MSN], ...(seed ? { seed } : {}) });
  const handle = { settings: make(), restart: () => { store.close(); store = new Store(file); handle.settings = make(); return handle.settings; }, close: () => store.close() };
  return handle;
}

/** The refusal a change gets, with its code (a change that goes through fails the test). */
const refusal = (change: () => unknown) => refusalOf(FederationSettingsError, change);

describe('on a first start', () => {
  it("takes POLICY.md's defaults: discovery on, verified only, 1,000 / 20 / 1 / 100, both tabs empty", () => {
    const h = open(null);
    expect(h.settings.config()).toEqual({ ...DEFAULT_FEDERATION_SETTINGS, allow: [], block: [] });
    expect(DEFAULT_FEDERATION_SETTINGS).toEqual({
      discovery: true, discoveredVerificationLevel: 'verified-only',
      limits: { watchListRecipients: 1000, requestsPerSecond: 20, suspiciousRequestsPerSecond: 1, suspiciousWindow: 100 },
    });
    h.close();
  });

  it("takes the topology's seed over the defaults, once: later changes survive a restart and the seed is not applied again", () => {
    const h = open();
    expect(h.settings.config()).toEqual({
      ...DEFAULT_FEDERATION_SETTINGS, limits: { ...DEFAULT_FEDERATION_SETTINGS.limits, requestsPerSecond: 50 },
      allow: [{ ...NORTHWIND, verificationLevel: 'verified-only' }], block: [{ domain: 'spam.test' }],
    });
    h.settings.removeBlock('spam.test');
    h.settings.addAllow({ kind: 'allowed-domain', domain: 'litware.test' });
    h.settings.update({ discovery: false });
    const before = h.settings.config();
    expect(h.restart().config()).toEqual(before);
    expect(before).toMatchObject({ discovery: false, block: [] });
    h.settings.reset();
    expect(h.settings.config().block).toEqual([{ domain: 'spam.test' }]);
    expect(h.restart().config().allow.map((e) => e.domain)).toEqual(['northwind.test']);
    h.close();
  });
});

describe('the Allow tab', () => {
  it('adds a partner server (verified only unless told) and an allowed domain, which the policy then sees', () => {
    const h = open(null);
    expect(h.settings.addAllow({ ...NORTHWIND, verificationLevel: 'allow-all' })).toEqual({ ...NORTHWIND, verificationLevel: 'allow-all' });
    expect(h.settings.addAllow({ kind: 'allowed-domain', domain: 'litware.test' })).toEqual({ kind: 'allowed-domain', domain: 'litware.test' });
    expect(h.settings.addAllow({ kind: 'partner-server', domain: 'adatum.test', address: { fqdn: 'sip.adatum.test', port: 5061 } }))
      .toMatchObject({ verificationLevel: 'verified-only' });
    const world = { orgDomains: ['contoso.test'], provider: undefined, tabs: h.settings.tabs() };
    expect(governingEntry('northwind.test', world, undefined)).toMatchObject({ kind: 'partner-server', entry: { verificationLevel: 'allow-all' } });
    expect(governingEntry('litware.test', world, undefined)).toEqual({ kind: 'allowed-domain', dns: undefined });
    expect(h.settings.tabOf('litware.test')).toBe('allow');
    h.close();
  });

  it("changes a partner server's address or verification level, and nothing of an allowed domain", () => {
    const h = open();
    const { before, after } = h.settings.updateAllow('northwind.test', { verificationLevel: 'contacts-only', address: { fqdn: 'edge2.northwind.test', port: 5061 } });
    expect(before).toMatchObject({ verificationLevel: 'verified-only', address: { fqdn: 'sip.northwind.test' } });
    expect(after).toEqual({ ...NORTHWIND, address: { fqdn: 'edge2.northwind.test', port: 5061 }, verificationLevel: 'contacts-only' });
    expect(h.restart().config().allow).toEqual([after]);
    h.settings.addAllow({ kind: 'allowed-domain', domain: 'litware.test' });
    expect(refusal(() => h.settings.updateAllow('litware.test', { verificationLevel: 'allow-all' }))).toEqual({
      code: 'invalid', message: 'litware.test is an allowed domain: it has no settings to change. Remove it and add it again as a partner server.',
    });
    expect(refusal(() => h.settings.updateAllow('nowhere.test', { verificationLevel: 'allow-all' }))).toEqual({ code: 'not-found', message: 'nowhere.test is not on the Allow tab.' });
    expect(refusal(() => h.settings.updateAllow('northwind.test', {}))).toMatchObject({ code: 'invalid' });
    expect(refusal(() => h.settings.updateAllow('northwind.test', { domain: 'other.test' }))).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^\/domain: /) });
    expect(h.settings.removeAllow('northwind.test')).toMatchObject({ domain: 'northwind.test' });
    expect(refusal(() => h.settings.removeAllow('northwind.test'))).toEqual({ code: 'not-found', message: 'northwind.test is not on the Allow tab.' });
    expect(h.restart().config().allow.map((e) => e.domain)).toEqual(['litware.test']);
    h.close();
  });
});

describe('refusals, which change nothing', () => {
  it('a domain on both tabs, naming the tab that has it; a domain twice on one tab', () => {
    const h = open();
    const before = h.settings.config();
    expect(refusal(() => h.settings.addBlock({ domain: 'northwind.test' }))).toEqual({
      code: 'conflict', message: 'northwind.test is on the Allow tab; a domain cannot be on both tabs. Remove it there first.',
    });
    expect(refusal(() => h.settings.addAllow({ kind: 'allowed-domain', domain: 'spam.test' }))).toEqual({
      code: 'conflict', message: 'spam.test is on the Block tab; a domain cannot be on both tabs. Remove it there first.',
    });
    expect(refusal(() => h.settings.addAllow({ kind: 'allowed-domain', domain: 'northwind.test' }))).toEqual({ code: 'conflict', message: 'northwind.test is already on the Allow tab.' });
    expect(refusal(() => h.settings.addBlock({ domain: 'spam.test' }))).toEqual({ code: 'conflict', message: 'spam.test is already on the Block tab.' });
    expect(h.settings.config()).toEqual(before);
    expect(h.restart().config()).toEqual(before);
    h.close();
  });

  it("the organization's domain on either tab, an IM provider's domain or Access Edge on the Allow tab, this edge's FQDN", () => {
    const h = open();
    const before = h.settings.config();
    expect(refusal(() => h.settings.addBlock({ domain: 'contoso.test' }))).toEqual({ code: 'conflict', message: "contoso.test is the organization's own domain." });
    expect(refusal(() => h.settings.addAllow({ kind: 'allowed-domain', domain: 'contoso.test' }))).toMatchObject({ code: 'conflict' });
    expect(refusal(() => h.settings.addAllow({ kind: 'allowed-domain', domain: 'msn.test' }))).toEqual({
      code: 'conflict', message: 'msn.test is served by the IM provider MSN (msn): the IM Provider tab governs it.',
    });
    expect(refusal(() => h.settings.addAllow({ kind: 'partner-server', domain: 'fake.test', address: { fqdn: 'sip.msn.test', port: 1 } }))).toEqual({
      code: 'conflict', message: 'sip.msn.test is the Access Edge of the IM provider MSN (msn).',
    });
    expect(refusal(() => h.settings.updateAllow('northwind.test', { address: { fqdn: 'edge.contoso.test', port: 1 } }))).toEqual({
      code: 'conflict', message: "edge.contoso.test is this organization's own Access Edge.",
    });
    expect(h.settings.config()).toEqual(before);
    // The Block tab may hold an IM provider's domain: POLICY.md's table looks at it first.
    expect(h.settings.addBlock({ domain: 'msn.test' })).toEqual({ domain: 'msn.test' });
    h.close();
  });

  it('a domain longer than 256 characters, in upper case, or not a domain; a malformed entry', () => {
    const h = open();
    const before = h.settings.config();
    const long = `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.test`;
    expect(long.length).toBe(309);
    expect(refusal(() => h.settings.addBlock({ domain: long }))).toEqual({ code: 'invalid', message: 'A domain has at most 256 characters; this one has 309.' });
    expect(refusal(() => h.settings.addAllow({ kind: 'allowed-domain', domain: 'Litware.Test' }))).toEqual({ code: 'invalid', message: 'Domains are written in lower case: litware.test.' });
    expect(refusal(() => h.settings.addBlock({ domain: 'not a domain' }))).toEqual({
      code: 'invalid', message: 'not a domain is not a domain name (labels of letters, digits and hyphens, separated by dots).',
    });
    const cases: [string, unknown][] = [
      ['no body', undefined],
      ['no domain', { kind: 'allowed-domain' }],
      ['an unknown kind', { kind: 'friend', domain: 'x.test' }],
      ['a partner server without address', { kind: 'partner-server', domain: 'x.test' }],
      ['an unknown level', { ...NORTHWIND, domain: 'x.test', verificationLevel: 'trust-me' }],
      ['an extra field', { kind: 'allowed-domain', domain: 'x.test', note: 'hi' }],
    ];
    for (const [label, body] of cases) expect({ label, code: refusal(() => h.settings.addAllow(body)).code }).toEqual({ label, code: 'invalid' });
    expect(refusal(() => h.settings.addBlock({ domain: 'x.test', reason: 'spam' })).code).toBe('invalid');
    expect(h.settings.config()).toEqual(before);
    h.close();
  });
});

describe('discovery, the discovered partners\' level and the limits', () => {
  it('change one at a time or together, and survive a restart', () => {
    const h = open(null);
    const { before, after } = h.settings.update({ discovery: false, discoveredVerificationLevel: 'contacts-only', limits: { watchListRecipients: 10 } });
    expect(before).toEqual(DEFAULT_FEDERATION_SETTINGS);
    expect(after).toEqual({ discovery: false, discoveredVerificationLevel: 'contacts-only', limits: { ...DEFAULT_FEDERATION_SETTINGS.limits, watchListRecipients: 10 } });
    expect(h.settings.tabs()).toMatchObject({ discovery: false, discoveredVerificationLevel: 'contacts-only' });
    expect(h.restart().settings()).toEqual(after);
    h.close();
  });

  it('refuses a suspicious rate above the rate, and a malformed change, changing nothing', () => {
    const h = open(null);
    expect(refusal(() => h.settings.update({ limits: { suspiciousRequestsPerSecond: 21 } }))).toEqual({
      code: 'invalid', message: 'The rate for suspicious traffic (21 a second) must not exceed the rate of every discovered partner (20 a second).',
    });
    for (const patch of [{}, { discovery: 'yes' }, { limits: {} }, { limits: { requestsPerSecond: 0 } }, { limits: { suspiciousWindow: 1 } }, { colour: 'blue' }, null]) {
      expect({ patch, code: refusal(() => h.settings.update(patch)).code }).toEqual({ patch, code: 'invalid' });
    }
    expect(h.settings.settings()).toEqual(DEFAULT_FEDERATION_SETTINGS);
    h.close();
  });
});
