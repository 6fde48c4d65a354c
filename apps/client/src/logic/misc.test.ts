import { describe, expect, it } from 'vitest';
import { parseAppConfig } from './app-config-check.ts';
import { CONNECTION_LABELS, bannerFor } from './connection.ts';
import { formatTime, initials, localPart } from './format.ts';
import { signInErrorText } from './sign-in-errors.ts';
import { forgetSignIn, keepHistory, keepStatus, keptHistory, keptStatus, rememberSignIn, rememberedSignIn } from './storage.ts';

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

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
};

describe('the sign-in of this tab', () => {
  it('is remembered in the tab’s storage (address and password), checked when read back, and forgotten at sign-out', () => {
    const storage = memoryStorage();
    expect(rememberedSignIn(storage)).toBeUndefined();
    rememberSignIn(storage, { address: 'yuki@yahoo.test', password: 'pw' });
    expect(rememberedSignIn(storage)).toEqual({ address: 'yuki@yahoo.test', password: 'pw' });
    rememberSignIn(storage, { address: 'yuki@yahoo.test' });
    expect(rememberedSignIn(storage)).toEqual({ address: 'yuki@yahoo.test' });
    storage.items.set('fedlab.client.address', '<script>');
    expect(rememberedSignIn(storage)).toBeUndefined();
    rememberSignIn(storage, { address: 'yuki@yahoo.test', password: 'pw' });
    forgetSignIn(storage);
    expect([...storage.items.keys()]).toEqual([]);
    expect(rememberedSignIn(undefined)).toBeUndefined();
  });

  it('survives a browser that refuses storage', () => {
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
    expect(() => rememberSignIn(refusing, { address: 'yuki@yahoo.test' })).not.toThrow();
    expect(rememberedSignIn(refusing)).toBeUndefined();
    expect(keptHistory(refusing, 'yuki@yahoo.test')).toBeUndefined();
  });
});

describe('what the browser keeps per person', () => {
  it('keeps the chosen status and the history under the person’s address, and reads back only what is valid', () => {
    const storage = memoryStorage();
    keepStatus(storage, 'yuki@yahoo.test', 'busy');
    expect(keptStatus(storage, 'yuki@yahoo.test')).toBe('busy');
    expect(keptStatus(storage, 'alice@contoso.test')).toBeUndefined();
    storage.items.set('fedlab.client.status.alice@contoso.test', 'sleeping');
    expect(keptStatus(storage, 'alice@contoso.test')).toBeUndefined();
    keepHistory(storage, 'yuki@yahoo.test', { version: 1, sessions: [] });
    expect(keptHistory(storage, 'yuki@yahoo.test')).toEqual({ version: 1, sessions: [] });
    storage.items.set('fedlab.client.history.alice@contoso.test', '{not json');
    expect(keptHistory(storage, 'alice@contoso.test')).toBeUndefined();
  });
});

describe('a refused sign-in, in plain words', () => {
  const home = { name: 'Contoso', url: 'http://127.0.0.1:7100' };
  it('says what went wrong, not the server’s code', () => {
    expect(signInErrorText('user-not-found: nobody@contoso.test is not a user of home', 'nobody@contoso.test', home)).toBe('There is no user nobody@contoso.test here.');
    expect(signInErrorText('wrong-password: The password for alice@contoso.test is wrong.', 'alice@contoso.test', home)).toBe('That is not the password of alice@contoso.test. Try again.');
    expect(signInErrorText('wrong-password: The password for alice@contoso.test is wrong (none was given).', 'alice@contoso.test', home)).toBe('alice@contoso.test needs a password: type it, then sign in.');
    expect(signInErrorText('too-many-attempts: wait', 'alice@contoso.test', home)).toBe('Too many failed sign-ins. Wait a minute, then try again.');
    expect(signInErrorText('websocket error', 'alice@contoso.test', home)).toBe('Contoso cannot be reached at http://127.0.0.1:7100. Is it running?');
    expect(signInErrorText('something else', 'alice@contoso.test', home)).toBe('Contoso refused the sign-in: something else');
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
