import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientAppConfig } from '../app-config.ts';
import type { DirectoryGroup } from '../logic/directory.ts';
import { sidesOf } from '../logic/servers.ts';
import { useHarness } from '../test-support/component-harness.ts';

const config: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100' },
  providers: [
    { id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' },
    { id: 'fabrikam', name: 'Fabrikam (partner)', domains: ['fabrikam.test'], url: 'http://127.0.0.1:7304' },
  ],
};
const [org, yahoo, fabrikam] = sidesOf(config);
const groups: DirectoryGroup[] = [
  { side: org!, users: [{ address: 'alice@contoso.test', displayName: 'Alice Anders', online: true }] },
  {
    side: yahoo!,
    public: true,
    users: [
      { address: 'yuki@yahoo.test', displayName: 'Yuki <b>Yamada</b>', online: false, verified: true },
      { address: 'yan@yahoo.test', displayName: 'Yan Young', online: false, verified: false },
    ],
  },
  { side: fabrikam!, public: false, users: [], error: 'Fabrikam (partner) cannot be reached (fetch failed)' },
];
const EVENTS = ['sign-in', 'cancel-sign-in', 'refresh-directory'];

const h = useHarness();
beforeEach(() => h.mount('fl-sign-in', { config, groups }, EVENTS));

describe('<fl-sign-in>', () => {
  it("lists the topology's people by side, with verification and who is online", async () => {
    const sides = await h.page.getByTestId('directory-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-side')));
    expect(sides).toEqual(['organization', 'yahoo', 'fabrikam']);
    const yuki = h.page.locator('[data-testid="directory-user"][data-address="yuki@yahoo.test"]');
    expect(await yuki.innerText()).toContain('verified');
    expect(await h.page.locator('[data-testid="directory-user"][data-address="yan@yahoo.test"]').innerText()).toContain('unverified');
    expect(await h.page.locator('[data-testid="directory-user"][data-address="alice@contoso.test"]').innerText()).toContain('online');
    expect(await h.page.locator('[data-side="fabrikam"]').innerText()).toContain('Partner');
    expect(await h.page.locator('[data-side="fabrikam"] [role="alert"]').textContent()).toBe('Fabrikam (partner) cannot be reached (fetch failed)');
  });

  it('shows display names as text', async () => {
    expect(await h.page.locator('[data-address="yuki@yahoo.test"] .name').textContent()).toBe('Yuki <b>Yamada</b>');
    expect(await h.page.locator('fl-sign-in b').count()).toBe(0);
  });

  it('picks a person with one click, then signs in with the password', async () => {
    await h.page.locator('[data-testid="directory-user"][data-address="yan@yahoo.test"]').click();
    expect(await h.page.getByTestId('sign-in-address').inputValue()).toBe('yan@yahoo.test');
    expect(await h.page.locator('[data-testid="directory-user"][data-address="yan@yahoo.test"]').getAttribute('aria-pressed')).toBe('true');
    const password = h.page.getByTestId('sign-in-password');
    expect(await password.evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await password.getAttribute('type')).toBe('password');
    await password.fill('s3cret');
    await password.press('Enter');
    expect(await h.events()).toEqual([{ type: 'sign-in', detail: { address: 'yan@yahoo.test', password: 's3cret' } }]);
  });

  it('signs in with one click on a person when the password is typed already', async () => {
    await h.page.getByTestId('sign-in-password').fill('everyone');
    await h.page.locator('[data-testid="directory-user"][data-address="yan@yahoo.test"]').click();
    expect(await h.events()).toEqual([{ type: 'sign-in', detail: { address: 'yan@yahoo.test', password: 'everyone' } }]);
  });

  it('focuses the address field, says which server a typed address signs in to, and signs in with Enter', async () => {
    const input = h.page.getByTestId('sign-in-address');
    expect(await input.evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await input.fill(' Yuki@Yahoo.test ');
    expect(await h.page.getByTestId('sign-in-target').textContent()).toBe('Signs in to Yahoo! at http://127.0.0.1:7302');
    await input.press('Enter');
    expect(await h.events()).toEqual([{ type: 'sign-in', detail: { address: 'yuki@yahoo.test' } }]);
  });

  it('refuses an address that is not one, or that no server of the topology serves', async () => {
    const input = h.page.getByTestId('sign-in-address');
    await input.fill('not an address');
    await h.page.getByTestId('sign-in-submit').click();
    expect(await h.page.locator('#address-error').textContent()).toBe('Enter an address like name@domain.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('someone@example.test');
    expect(await h.page.locator('#address-error').textContent()).toBe('No server in this topology serves example.test.');
    await input.press('Enter');
    expect(await h.events()).toEqual([]);
  });

  it('shows why the last sign-in failed', async () => {
    await h.set({ error: 'Yahoo! refused the sign-in: user-not-found: <i>x</i>' });
    expect(await h.page.getByTestId('sign-in-error').textContent()).toBe('Yahoo! refused the sign-in: user-not-found: <i>x</i>');
  });

  it('while connecting, shows the connection state and can cancel', async () => {
    await h.set({ connecting: { address: 'yuki@yahoo.test', sideName: 'Yahoo!', state: 'reconnecting', detail: 'websocket error' } });
    const connecting = h.page.getByTestId('sign-in-connecting');
    expect(await connecting.innerText()).toContain('Signing in as yuki@yahoo.test to Yahoo!');
    expect(await connecting.getByTestId('connection-state').getAttribute('data-state')).toBe('reconnecting');
    expect(await connecting.innerText()).toContain('websocket error');
    await h.page.getByTestId('sign-in-cancel').click();
    expect((await h.events()).map((e) => e.type)).toEqual(['cancel-sign-in']);
  });

  it('refreshes the directory', async () => {
    await h.page.getByTestId('directory-refresh').click();
    expect((await h.events()).map((e) => e.type)).toEqual(['refresh-directory']);
  });
});
