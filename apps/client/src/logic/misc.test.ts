import { describe, expect, it } from 'vitest';
import { parseAppConfig } from './app-config-check.ts';
import { CONNECTION_LABELS, bannerFor } from './connection.ts';
import { formatTime, initials, localPart } from './format.ts';
import { forgetAddress, rememberAddress, rememberedAddress } from './storage.ts';

describe('formatting', () => {
  it('makes initials of a name or an address', () => {
    expect(initials('Yuki Yamada')).toBe('YY');
    expect(initials('Fabrikam (partner) Fiona Fox')).toBe('FF');
    expect(initials('alice@contoso.test')).toBe('AL');
    expect(initials('mary.jane@x.test')).toBe('MJ');
    expect(initials('')).toBe('?');
  });

  it('takes the local part of an address', () => {
    expect(localPart('yuki@yahoo.test')).toBe('yuki');
  });

  it('shows the time, and the date too when not today', () => {
    const now = new Date(2026, 10, 25, 15, 0).getTime();
    expect(formatTime(new Date(2026, 10, 25, 9, 5).getTime(), now)).toMatch(/09:05|9:05/);
    expect(formatTime(new Date(2026, 10, 20, 9, 5).getTime(), now)).toMatch(/Nov.*20/);
  });
});

describe('the signed-in address of this tab', () => {
  it('is remembered in the tab’s storage, checked when read back, and forgotten at sign-out', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    expect(rememberedAddress(storage)).toBeUndefined();
    rememberAddress(storage, 'yuki@yahoo.test');
    expect(rememberedAddress(storage)).toBe('yuki@yahoo.test');
    items.set('fedlab.client.address', '<script>');
    expect(rememberedAddress(storage)).toBeUndefined();
    rememberAddress(storage, 'yuki@yahoo.test');
    forgetAddress(storage);
    expect(rememberedAddress(storage)).toBeUndefined();
    expect(rememberedAddress(undefined)).toBeUndefined();
  });
});

describe('GET /config.json, checked', () => {
  const good = {
    organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100/' },
    providers: [{ id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' }],
  };

  it('accepts the client server’s config, without trailing slashes', () => {
    expect(parseAppConfig(good).organization.url).toBe('http://127.0.0.1:7100');
  });

  it('names what is wrong', () => {
    expect(() => parseAppConfig(null)).toThrow('config.json: organization needs a name, domains and an http(s) url');
    expect(() => parseAppConfig({ ...good, providers: {} })).toThrow('config.json: providers must be a list');
    expect(() => parseAppConfig({ ...good, providers: [{ id: 'x', name: 'X', domains: ['x.test'], url: 'javascript:alert(1)' }] })).toThrow(
      'config.json: providers[0] needs an id, a name, domains and an http(s) url',
    );
  });
});

describe('the connection state', () => {
  it('says reconnecting while the client reconnects by itself', () => {
    expect([CONNECTION_LABELS.connected, CONNECTION_LABELS.reconnecting, CONNECTION_LABELS['signed-out']]).toEqual(['Connected', 'Reconnecting…', 'Signed out']);
  });
});

describe('the connection banner', () => {
  it('says nothing while connected and what is happening otherwise', () => {
    expect(bannerFor('connected', undefined, 'Yahoo!')).toBeUndefined();
    expect(bannerFor('reconnecting', 'transport close', 'Yahoo!')).toEqual({ tone: 'warn', text: 'Connection to Yahoo! lost. Reconnecting by itself… (transport close)' });
    expect(bannerFor('signed-out', 'replaced', 'Yahoo!')?.action).toBe('reconnect');
    expect(bannerFor('signed-out', 'server-closing', 'Yahoo!')?.text).toBe('Yahoo! signed you out (server-closing).');
    expect(bannerFor('refused', 'user-not-found', 'Yahoo!')).toEqual({ tone: 'danger', text: 'Yahoo! refused the sign-in: user-not-found.', action: 'sign-out' });
    expect(bannerFor('disconnected', undefined, 'Contoso')?.text).toBe('Disconnected from Contoso.');
  });
});
