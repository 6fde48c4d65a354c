import { describe, expect, it } from 'vitest';
import type { ProviderEntry } from '@fedlab/protocol';
import { Store } from '@fedlab/server';
import { ProviderList, ProviderListError, toListed } from './provider-list.ts';
import { refusalOf } from './refusal.test-support.ts';

const ORG = ['contoso.test'];
const YAHOO: ProviderEntry = { id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'sip.yahoo.test', port: 7302 }, public: true, allowed: false, filtering: 'verified-only', domains: ['yahoo.test'] };
const MSN: ProviderEntry = { id: 'msn', name: 'MSN', address: { fqdn: 'sip.msn.test', port: 7301 }, public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] };
const AOL: ProviderEntry = { id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: true, filtering: 'allow-all', domains: ['aol.test'] };

/** The error a change throws, as { code, message }. */
const failure = (change: () => unknown) => refusalOf(ProviderListError, change);

describe('ProviderList', () => {
  it('is seeded from the topology once: what an admin changed stays on the next start', () => {
    const store = new Store(':memory:');
    const list = new ProviderList(store, ORG, [YAHOO, MSN]);
    expect(list.all()).toEqual([YAHOO, MSN]);
    list.remove('msn');
    list.update('yahoo', { allowed: true });
    const again = new ProviderList(store, ORG, [YAHOO, MSN]);
    expect(again.all()).toEqual([{ ...YAHOO, allowed: true }]);
  });

  it('finds the entry that serves a domain', () => {
    const list = new ProviderList(new Store(':memory:'), ORG, [YAHOO, MSN]);
    expect(list.byDomain('msn.test')?.id).toBe('msn');
    expect(list.byDomain('hotmail.test')?.id).toBe('msn');
    expect(list.byDomain('contoso.test')).toBeUndefined();
    expect(list.get('nope')).toBeUndefined();
  });

  it('hands out copies: changing what it returned changes nothing', () => {
    const list = new ProviderList(new Store(':memory:'), ORG, [YAHOO]);
    list.get('yahoo')!.domains.push('evil.test');
    list.all()[0]!.allowed = true;
    list.byDomain('yahoo.test')!.address.port = 1;
    expect(list.get('yahoo')).toEqual(YAHOO);
  });

  it('adds an entry, and stores it', () => {
    const store = new Store(':memory:');
    const list = new ProviderList(store, ORG, [YAHOO]);
    expect(list.add(AOL)).toEqual(AOL);
    expect(new ProviderList(store, ORG, [YAHOO]).get('aol')).toEqual(AOL);
  });

  it('refuses an id taken, a domain of the organization, or a domain of another entry', () => {
    const list = new ProviderList(new Store(':memory:'), ORG, [YAHOO, MSN]);
    expect(failure(() => list.add({ ...AOL, id: 'yahoo' }))).toEqual({ code: 'conflict', message: 'A provider with id yahoo is already in the list.' });
    expect(failure(() => list.add({ ...AOL, domains: ['aol.test', 'contoso.test'] }))).toEqual({ code: 'conflict', message: 'contoso.test is a domain of the organization itself.' });
    expect(failure(() => list.add({ ...AOL, domains: ['yahoo.test'] }))).toEqual({ code: 'conflict', message: 'yahoo.test is already served by Yahoo! (yahoo).' });
    expect(failure(() => list.update('yahoo', { domains: ['yahoo.test', 'msn.test'] }))).toEqual({ code: 'conflict', message: 'msn.test is already served by MSN (msn).' });
    expect(list.all()).toEqual([YAHOO, MSN]);
  });

  it('updates an entry: its own domains are no conflict, the id never changes', () => {
    const list = new ProviderList(new Store(':memory:'), ORG, [YAHOO]);
    const { before, after } = list.update('yahoo', { allowed: true, domains: ['yahoo.test', 'ymail.test'], id: 'other' } as never);
    expect(before).toEqual(YAHOO);
    expect(after).toEqual({ ...YAHOO, allowed: true, domains: ['yahoo.test', 'ymail.test'] });
    expect(list.byDomain('ymail.test')?.id).toBe('yahoo');
    expect(failure(() => list.update('icq', { allowed: true }))).toEqual({ code: 'not-found', message: 'There is no provider icq in the list.' });
  });

  it('removes an entry, and its domains with it', () => {
    const list = new ProviderList(new Store(':memory:'), ORG, [YAHOO, MSN]);
    expect(list.remove('msn')).toEqual(MSN);
    expect(list.byDomain('msn.test')).toBeUndefined();
    expect(failure(() => list.remove('msn'))).toEqual({ code: 'not-found', message: 'There is no provider msn in the list.' });
    // A removed entry's domains are free again.
    expect(list.add({ ...AOL, domains: ['msn.test'] }).domains).toEqual(['msn.test']);
  });

  it('replaces the whole list (a test reset), in the store too', () => {
    const store = new Store(':memory:');
    const list = new ProviderList(store, ORG, [YAHOO, MSN]);
    list.add(AOL);
    list.replace([YAHOO]);
    expect(list.all()).toEqual([YAHOO]);
    expect(new ProviderList(store, ORG, [YAHOO, MSN]).all()).toEqual([YAHOO]);
  });

  it('gives the policy the entry as a ListedProvider', () => {
    expect(toListed(MSN)).toEqual({ id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] });
  });
});
