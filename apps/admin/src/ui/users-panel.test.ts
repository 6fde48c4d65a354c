import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSummary } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
const users: UserSummary[] = [
  { address: 'alice@contoso.test', displayName: 'Alice Anders', enablement: { federation: true, publicIm: true }, online: true },
  { address: 'bob@contoso.test', displayName: 'Bob <b>Brandt</b>', enablement: { federation: false, publicIm: true }, online: false },
  { address: 'carol@contoso.test', displayName: 'Carol Chen', enablement: { federation: true, publicIm: false }, online: false },
];

beforeAll(async () => {
  fx = await openFixture();
  await fx.page.evaluate((users) => {
    document.body.replaceChildren();
    const apply = (address: string, patch: object) => {
      const user = users.find((u) => u.address === address)!;
      Object.assign(user.enablement, patch);
      return structuredClone(user);
    };
    const { client, calls } = window.fedlab.fakeClient({
      users: (q: string) => structuredClone(users.filter((u) => !q || u.address.includes(q) || u.displayName.toLowerCase().includes(q.toLowerCase()))),
      setEnablement: apply,
      setEnablementMany: (addresses: string[], patch: object) => addresses.map((a) => apply(a, patch)),
    });
    const panel = document.createElement('fl-users-panel');
    const live = new window.fedlab.FakeLive();
    window.fedlab.contextRoot(client, live).append(panel);
    window.kept = { calls, live, events: window.fedlab.recordEvents(panel, 'users-changed') };
  }, users);
  await fx.page.getByTestId('user-row-carol@contoso.test').waitFor();
});
afterAll(() => fx?.close());

const calls = () => fx.page.evaluate(() => window.kept.calls as [string, unknown[]][]);
const events = () => fx.page.evaluate(() => window.kept.events as { type: string; detail: unknown }[]);

describe('<fl-users-panel>', () => {
  it('lists users with both switches, names as text', async () => {
    const { page } = fx;
    expect(await page.getByTestId('user-federation-bob@contoso.test').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('user-publicim-bob@contoso.test').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('user-row-bob@contoso.test').textContent()).toContain('Bob <b>Brandt</b>');
    expect(await page.getByTestId('user-publicim-bob@contoso.test').getAttribute('aria-label')).toBe('Bob <b>Brandt</b>: enabled for public IM connectivity');
  });

  it('searches as the admin types', async () => {
    await fx.page.getByTestId('users-search').fill('chen');
    await fx.page.getByTestId('user-row-alice@contoso.test').waitFor({ state: 'detached' });
    expect(await fx.page.locator('[data-testid^=user-row-]').count()).toBe(1);
    await fx.page.getByTestId('users-search').fill('');
    await fx.page.getByTestId('user-row-alice@contoso.test').waitFor();
    expect((await calls()).filter(([m]) => m === 'users').map(([, args]) => args[0])).toEqual(['', 'chen', '']);
  });

  it('changes one user with a row’s switch and reports before and after', async () => {
    await fx.page.getByTestId('user-federation-bob@contoso.test').click();
    await fx.page.locator('[data-testid="user-federation-bob@contoso.test"][aria-checked=true]').waitFor();
    expect((await calls()).at(-1)).toEqual(['setEnablement', ['bob@contoso.test', { federation: true }]]);
    expect((await events()).at(-1)).toEqual({
      type: 'users-changed',
      detail: { changes: [{ address: 'bob@contoso.test', before: { federation: false, publicIm: true }, after: { federation: true, publicIm: true } }] },
    });
  });

  it('changes many users at once from the selection', async () => {
    const { page } = fx;
    expect(await page.getByTestId('users-selected-count').isVisible()).toBe(false);
    await page.getByTestId('user-select-alice@contoso.test').check();
    await page.getByTestId('user-select-carol@contoso.test').check();
    expect(await page.getByTestId('users-selected-count').textContent()).toBe('2 selected');
    expect(await page.getByTestId('users-select-all').evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await page.getByTestId('bulk-disable-federation').click();
    await page.locator('[data-testid="user-federation-alice@contoso.test"][aria-checked=false]').waitFor();
    expect((await calls()).at(-1)).toEqual(['setEnablementMany', [['alice@contoso.test', 'carol@contoso.test'], { federation: false }]]);
    expect(await page.getByTestId('user-federation-carol@contoso.test').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('users-notice').textContent()).toBe('2 users: federation disabled.');

    await page.getByTestId('users-select-all').check();
    expect(await page.getByTestId('users-selected-count').textContent()).toBe('3 selected');
    await page.getByTestId('users-clear-selection').click();
    expect(await page.getByTestId('users-selected-count').isVisible()).toBe(false);
  });

  it('shows a sign-in or a sign-out at once ("Signed in" is live), and reloads when users changed elsewhere', async () => {
    const { page } = fx;
    const online = (address: string) => page.getByTestId(`user-online-${address}`);
    expect(await online('carol@contoso.test').getAttribute('data-online')).toBe('false');
    await page.evaluate(() => (window.kept.live as InstanceType<typeof window.fedlab.FakeLive>).fire('online', 'carol@contoso.test', true));
    await page.locator('[data-testid="user-online-carol@contoso.test"][data-online=true]').waitFor();
    expect(await online('carol@contoso.test').textContent()).toBe('Online');
    await page.evaluate(() => (window.kept.live as InstanceType<typeof window.fedlab.FakeLive>).fire('online', 'alice@contoso.test', false));
    await page.locator('[data-testid="user-online-alice@contoso.test"][data-online=false]').waitFor();
    const loads = async () => (await calls()).filter(([m]) => m === 'users').length;
    const before = await loads();
    await page.evaluate(() => (window.kept.live as InstanceType<typeof window.fedlab.FakeLive>).fire('users', []));
    await expect.poll(loads).toBe(before + 1);
  });

  it('puts every switch on screen at 390 px', async () => {
    await fx.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const address of ['alice@contoso.test', 'bob@contoso.test', 'carol@contoso.test']) {
        for (const control of [`user-federation-${address}`, `user-publicim-${address}`, `user-select-${address}`]) {
          const box = (await fx.page.getByTestId(control).boundingBox())!;
          expect(box.x + box.width, control).toBeLessThanOrEqual(390);
        }
      }
    } finally {
      await fx.page.setViewportSize({ width: 1200, height: 800 });
    }
  });
});
