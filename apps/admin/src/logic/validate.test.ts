import { describe, expect, it } from 'vitest';
import type { ProviderEntry } from '@fedlab/protocol';
import {
  checkFaultForm, checkProviderForm, emptyProviderForm, faultFormOf, formOf, parsePort, providerPatch, splitDomains, type ProviderForm,
} from './validate.ts';

const yahoo: ProviderEntry = {
  id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'sip.yahoo.test', port: 7302 }, public: true, allowed: false,
  filtering: 'verified-only', domains: ['yahoo.test'],
};
const northwind: ProviderForm = {
  ...emptyProviderForm(), id: 'northwind', name: ' Northwind Traders ', fqdn: 'SIP.Northwind.Test.', port: '5061', domains: 'northwind.test, NW.test\nnorthwind.example',
};

describe('the provider dialog', () => {
  it('turns a well-typed form into an entry: trimmed name, lower-case FQDN and domains', () => {
    const checked = checkProviderForm(northwind, ['msn', 'yahoo']);
    expect(checked).toEqual({
      ok: true,
      value: {
        id: 'northwind', name: 'Northwind Traders', address: { fqdn: 'sip.northwind.test', port: 5061 }, public: true, allowed: false,
        filtering: 'verified-only', domains: ['northwind.test', 'nw.test', 'northwind.example'],
      },
    });
  });

  it('round-trips an existing entry unchanged', () => {
    expect(checkProviderForm(formOf(yahoo))).toEqual({ ok: true, value: yahoo });
  });

  it('accepts a single-label host name (the testbed runs on localhost)', () => {
    expect(checkProviderForm({ ...northwind, fqdn: 'localhost' }).ok).toBe(true);
  });

  it.each([
    ['', /short id/],
    ['Northwind', /lower-case letter/],
    ['9lives', /lower-case letter/],
    ['a'.repeat(33), /up to 31/],
    ['yahoo', /already a provider with the id yahoo/],
  ])('refuses the id %j', (id, message) => {
    const checked = checkProviderForm({ ...northwind, id }, ['yahoo']);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors.id).toMatch(message);
  });

  it.each(['', 'http://sip.northwind.test', 'sip.northwind.test:5061', 'sip northwind.test', '-sip.northwind.test', 'sip..northwind.test', `${'a'.repeat(64)}.test`])(
    'refuses the FQDN %j', (fqdn) => {
      const checked = checkProviderForm({ ...northwind, fqdn });
      expect(!checked.ok && checked.errors.fqdn).toBeTruthy();
    },
  );

  it.each(['', '0', '65536', '80a', '-1', '1.5', ' '])('refuses the port %j', (port) => {
    const checked = checkProviderForm({ ...northwind, port });
    expect(!checked.ok && checked.errors.port).toBe('Enter a port from 1 to 65535.');
  });

  it.each(['1', '65535', ' 443 '])('accepts the port %j', (port) => {
    expect(checkProviderForm({ ...northwind, port }).ok).toBe(true);
  });

  it('names the domains that are wrong, repeated or missing', () => {
    const errorOf = (domains: string) => {
      const checked = checkProviderForm({ ...northwind, domains });
      return checked.ok ? undefined : checked.errors.domains;
    };
    expect(errorOf('')).toMatch(/at least one domain/);
    expect(errorOf('northwind.test, localhost, bad_domain.test')).toBe('Not a domain name: localhost, bad_domain.test (a domain has at least two labels, e.g. example.com).');
    expect(errorOf('a.test b.test A.TEST')).toBe('Listed more than once: a.test.');
    expect(errorOf(Array.from({ length: 33 }, (_, i) => `d${i}.test`).join(' '))).toBe('At most 32 domains.');
  });

  it('refuses a filtering option that is not one of the three', () => {
    const checked = checkProviderForm({ ...northwind, filtering: 'trust-everyone' });
    expect(!checked.ok && checked.errors.filtering).toMatch(/three filtering options/);
  });

  it('reports every wrong field at once', () => {
    const checked = checkProviderForm(emptyProviderForm());
    expect(checked.ok).toBe(false);
    expect(Object.keys(!checked.ok ? checked.errors : {}).sort()).toEqual(['domains', 'fqdn', 'id', 'name', 'port']);
  });

  it('sends only what changed in an edit', () => {
    expect(providerPatch(yahoo, { ...yahoo })).toEqual({});
    expect(providerPatch(yahoo, { ...yahoo, filtering: 'contacts-only' })).toEqual({ filtering: 'contacts-only' });
    expect(providerPatch(yahoo, { ...yahoo, address: { fqdn: 'sip.yahoo.test', port: 1 }, domains: ['yahoo.test', 'ymail.test'] }))
      .toEqual({ address: { fqdn: 'sip.yahoo.test', port: 1 }, domains: ['yahoo.test', 'ymail.test'] });
  });

  it('splits domains on commas, spaces and new lines', () => {
    expect(splitDomains(' a.test,b.test\n\nc.test ;d.test ')).toEqual(['a.test', 'b.test', 'c.test', 'd.test']);
    expect(parsePort('007')).toBe(7);
  });
});

describe('the fault dialog', () => {
  it('builds the fault from what is filled in', () => {
    expect(checkFaultForm({ latencyMs: '200', jitterMs: '50', bandwidthBps: '', down: false, unresponsive: true }))
      .toEqual({ ok: true, value: { latencyMs: 200, jitterMs: 50, unresponsive: true } });
    expect(checkFaultForm(faultFormOf({ down: true, bandwidthBps: 1000 }))).toEqual({ ok: true, value: { down: true, bandwidthBps: 1000 } });
  });

  it('refuses numbers out of range and an empty fault', () => {
    const none = faultFormOf(undefined);
    const errors = (form: Parameters<typeof checkFaultForm>[0]) => {
      const checked = checkFaultForm(form);
      return checked.ok ? {} : checked.errors;
    };
    expect(errors({ ...none, latencyMs: '60001', jitterMs: '-5', bandwidthBps: '0' })).toEqual({
      latencyMs: 'Latency is a whole number of milliseconds from 0 to 60000.',
      jitterMs: 'Jitter is a whole number of milliseconds from 0 to 60000.',
      bandwidthBps: 'Bandwidth is a whole number of bytes per second, at least 1.',
    });
    expect(errors({ ...none, latencyMs: '2.5' }).latencyMs).toBeTruthy();
    expect(errors(none)).toEqual({ form: 'Set at least one fault, or use Clear fault to remove them all.' });
  });
});
