import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkStatus, ProviderEntry } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
  await fx.page.evaluate(({ providers, links }) => {
    document.body.replaceChildren();
    const { client, calls } = window.fedlab.fakeClient({ blockProvider: {}, allowProvider: {}, removeProvider: undefined, setFederation: (on: boolean) => ({ federationEnabled: on }) });
    const panel = document.createElement('fl-providers-panel');
    Object.assign(panel, { providers, links, federationEnabled: true });
    window.fedlab.contextRoot(client).append(panel);
    window.kept = { calls };
  }, { providers, links });
});
afterAll(() => fx?.close());

const HOSTILE = '<img src=x onerror="window.pwned=1">Evil';
const providers: ProviderEntry[] = [
  { id: 'msn', name: 'MSN', address: { fqdn: 'sip.msn.test', port: 7301 }, public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] },
  { id: 'evil', name: HOSTILE, address: { fqdn: 'sip.evil.test', port: 5061 }, public: false, allowed: true, filtering: 'contacts-only', domains: ['evil.test'] },
];
const links: LinkStatus[] = [
  { provider: 'msn', state: 'connected', since: 1 },
  { provider: 'evil', state: 'unreachable', since: 1, detail: 'connection refused', fault: { down: true } },
];
const calls = () => fx.page.evaluate(() => window.kept.calls as [string, unknown[]][]);

describe('<fl-providers-panel>', () => {
  it('shows each provider’s settings with the seed’s words and its link state', async () => {
    const { page } = fx;
    expect(await page.getByTestId('provider-address-msn').textContent()).toBe('sip.msn.test:7301');
    expect(await page.getByTestId('provider-public-msn').textContent()).toBe('Public IM');
    expect(await page.getByTestId('provider-allowed-msn').textContent()).toBe('Temporarily blocked');
    expect(await page.getByTestId('provider-filtering-msn').textContent()).toContain('Allow communications only from users verified by this provider');
    expect(await page.getByTestId('provider-filtering-evil').textContent()).toContain("Allow communications only from users on recipient's contact list");
    expect(await page.getByTestId('provider-public-evil').textContent()).toBe('Federated partner');
    expect(await page.getByTestId('provider-link-msn').textContent()).toBe('Connected');
    expect(await page.getByTestId('provider-link-evil').textContent()).toBe('Unreachable');
    expect(await page.getByTestId('provider-link-evil').getAttribute('title')).toBe('connection refused · fault: link down');
  });

  it('renders a provider’s name as text, never as markup', async () => {
    expect(await fx.page.getByTestId('provider-name-evil').textContent()).toBe(HOSTILE);
    expect(await fx.page.locator('fl-providers-panel img').count()).toBe(0);
    expect(await fx.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('allows or temporarily blocks in one click, and says "allowed" (not "allowed again")', async () => {
    await fx.page.getByTestId('provider-toggle-msn').click();
    expect(await fx.page.getByTestId('providers-notice').textContent()).toBe('MSN is allowed.');
    await fx.page.getByTestId('provider-toggle-evil').click();
    await fx.page.getByTestId('providers-notice').filter({ hasText: 'temporarily blocked' }).waitFor();
    expect(await calls()).toEqual([['allowProvider', ['msn']], ['blockProvider', ['evil']]]);
    expect(await fx.page.getByTestId('provider-toggle-msn').getAttribute('aria-label')).toBe('Allow MSN');
  });

  it('removes only after a confirmation that says the settings will be gone', async () => {
    const { page } = fx;
    await page.getByTestId('provider-remove-msn').click();
    expect(await page.getByTestId('confirm-message').filter({ visible: true }).textContent()).toMatch(/^MSN will be removed .* all of its settings .* will be gone: to add it back you must enter every setting again/);
    // Cancel has the focus: Enter does not remove by accident.
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-dialog').first().waitFor({ state: 'hidden' });
    expect((await calls()).filter(([m]) => m === 'removeProvider')).toEqual([]);

    await page.getByTestId('provider-remove-msn').click();
    await page.getByTestId('confirm-ok').filter({ visible: true }).click();
    await page.getByTestId('providers-notice').filter({ hasText: 'MSN was removed.' }).waitFor();
    expect((await calls()).filter(([m]) => m === 'removeProvider')).toEqual([['removeProvider', ['msn']]]);
  });

  it('asks before turning the global switch off, and then every row says allowing has no effect', async () => {
    const { page } = fx;
    await page.getByTestId('global-switch').click();
    expect(await page.getByTestId('confirm-message').filter({ visible: true }).textContent()).toContain('Nothing will cross the Access Edge');
    await page.getByTestId('confirm-cancel').filter({ visible: true }).click();
    expect((await calls()).filter(([m]) => m === 'setFederation')).toEqual([]);
    expect(await page.getByTestId('provider-no-effect-evil').count()).toBe(0);

    await page.getByTestId('global-switch').click();
    await page.getByTestId('confirm-ok').filter({ visible: true }).click();
    await page.locator('[data-testid=global-switch][aria-checked=false]').waitFor();
    expect((await calls()).filter(([m]) => m === 'setFederation')).toEqual([['setFederation', [false]]]);
    // The page learns the new state from the edge's live `state` event.
    await page.evaluate(() => Object.assign(document.querySelector('fl-providers-panel')!, { federationEnabled: false }));
    for (const id of ['msn', 'evil']) expect(await page.getByTestId(`provider-no-effect-${id}`).textContent()).toBe('No effect while federation is off for the organization');
    expect(await page.getByTestId('provider-allowed-evil').getAttribute('class')).not.toContain('ok');
    // Turning it on again needs no confirmation.
    await page.getByTestId('global-switch').click();
    await page.locator('[data-testid=global-switch][aria-checked=true]').waitFor();
    expect(await page.getByTestId('confirm-dialog').filter({ visible: true }).count()).toBe(0);
    await page.evaluate(() => Object.assign(document.querySelector('fl-providers-panel')!, { federationEnabled: true }));
  });

  for (const width of [1280, 390]) {
    it(`puts every provider's controls on screen at ${width} px`, async () => {
      await fx.page.setViewportSize({ width, height: 800 });
      try {
        for (const id of ['msn', 'evil']) {
          for (const control of ['provider-toggle', 'provider-edit', 'provider-remove']) {
            const box = (await fx.page.getByTestId(`${control}-${id}`).boundingBox())!;
            expect(box.x, `${control}-${id}`).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width, `${control}-${id}`).toBeLessThanOrEqual(width);
          }
        }
        expect(await fx.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      } finally {
        await fx.page.setViewportSize({ width: 1200, height: 800 });
      }
    });
  }

  it('shows the edge’s refusal of an action', async () => {
    await fx.page.evaluate(() => {
      const panel = document.querySelector('fl-providers-panel')!;
      panel.client = window.fedlab.fakeClient({ blockProvider: new window.fedlab.AdminError(404, 'not-found', 'There is no provider evil.') }).client as never;
    });
    await fx.page.getByTestId('provider-toggle-evil').click();
    const error = fx.page.getByTestId('providers-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(`${HOSTILE}: There is no provider evil. (404 not-found)`);
  });
});
