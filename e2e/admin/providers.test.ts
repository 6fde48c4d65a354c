import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, goTo, startBench, type AdminBench } from './support.ts';
import type { Bot } from '@fedlab/testkit';

let bench: AdminBench;
let page: Page;
beforeAll(async () => {
  bench = await startBench();
  page = await bench.page();
});
afterAll(() => bench?.close());

describe('the IM providers tab', () => {
  it('shows the defaults on a fresh start: MSN, Yahoo! and AOL listed, public, verified only, not allowed', async () => {
    for (const [id, name] of [['msn', 'MSN'], ['yahoo', 'Yahoo!'], ['aol', 'AOL']] as const) {
      expect(await page.getByTestId(`provider-name-${id}`).textContent()).toBe(name);
      expect(await page.getByTestId(`provider-allowed-${id}`).textContent()).toBe('Temporarily blocked');
      expect(await page.getByTestId(`provider-public-${id}`).textContent()).toBe('Public IM');
      expect(await page.getByTestId(`provider-filtering-${id}`).textContent()).toContain('Allow communications only from users verified by this provider');
      await attributeIs(page.getByTestId(`provider-link-${id}`), 'data-state', 'connected');
    }
    const yahooPort = bench.d.topology.providers.find((p) => p.id === 'yahoo')!.port;
    expect(await page.getByTestId('provider-address-yahoo').textContent()).toBe(`sip.yahoo.test:${yahooPort}`);
    expect(await page.getByTestId('provider-public-fabrikam').textContent()).toBe('Federated partner');
    expect(await page.getByTestId('global-state').textContent()).toBe('On');
  });

  describe('blocking Yahoo! in the page', () => {
    let alice: Bot;
    let yuki: Bot;
    let blockedRequest: string;
    let acceptedInvite: string;

    it('stops the next message of a Yahoo! user in an open session: 403, publicly "forbidden"', async () => {
      await bench.d.admin.allowProvider('yahoo');
      await attributeIs(page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'true');
      alice = await bench.d.bot('alice@contoso.test');
      yuki = await bench.d.bot('yuki@yahoo.test');
      const { answer, session } = await yuki.invite('alice@contoso.test');
      expect(answer.code).toBe(200);
      acceptedInvite = answer.requestId;
      await alice.invitation('yuki@yahoo.test');
      expect((await yuki.send(session.id, 'before the block')).code).toBe(200);
      await alice.message('before the block');

      await page.getByTestId('provider-toggle-yahoo').click();
      await attributeIs(page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'false');
      expect(await page.getByTestId('provider-allowed-yahoo').textContent()).toBe('Temporarily blocked');
      expect((await bench.d.admin.providers()).find((p) => p.id === 'yahoo')!.allowed).toBe(false);

      const refused = await yuki.send(session.id, 'after the block');
      expect(refused.code).toBe(403);
      expect(refused.diagnostic.reason).toBe('forbidden');
      blockedRequest = refused.requestId;
      expect(alice.hasReceived('after the block')).toBe(false);
      await keepScreenshot(page, 'admin-providers');
    });

    it('shows the request in the live traffic, and its trace names the provider-blocked rule', async () => {
      await goTo(page, 'traffic');
      const row = page.getByTestId(`traffic-row-${blockedRequest}`);
      await row.waitFor();
      expect(await page.getByTestId(`traffic-outcome-${blockedRequest}`).textContent()).toMatch(/403\s+provider-blocked/);
      await keepScreenshot(page, 'admin-traffic');

      await page.getByTestId(`traffic-open-${blockedRequest}`).click();
      const dialog = page.getByTestId('trace-dialog');
      const deciding = dialog.locator('[data-testid=ladder-decision][data-deciding=true]');
      await deciding.waitFor();
      expect(await deciding.getByTestId('ladder-rule').textContent()).toBe('inbound.3-provider-allowed');
      expect(await deciding.getByTestId('ladder-answer').textContent()).toMatch(/403\s+provider-blocked/);
      expect(await dialog.getByTestId('ladder-column-provider').textContent()).toContain('Yahoo!');
      expect(await dialog.getByTestId('trace-outcome').textContent()).toMatch(/403\s+provider-blocked/);
      // The deciding hop is scrolled into view; a taller window shows the whole ladder in the kept screenshot.
      expect(await deciding.isVisible()).toBe(true);
      await page.setViewportSize({ width: 1280, height: 1200 });
      await keepScreenshot(page, 'admin-trace-ladder');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // An accepted invitation goes the whole way: sender, provider, edge, home, the recipient's client.
      await page.getByTestId(`traffic-open-${acceptedInvite}`).click();
      const decidedByClient = dialog.locator('[data-testid=ladder-decision][data-deciding=true]');
      await decidedByClient.waitFor();
      expect(await decidedByClient.getByTestId('ladder-rule').textContent()).toBe('inbound.8-im-invitation');
      expect(await dialog.getByTestId('ladder-column-client').textContent()).toContain('alice@contoso.test');
      await keepScreenshot(page, 'admin-trace-ladder-accepted');
      await page.setViewportSize({ width: 1280, height: 800 });
      await dialog.getByTestId('trace-close').click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('the traffic filters narrow the stream by provider, user and outcome', async () => {
      const rows = page.locator('[data-testid^=traffic-row-]');
      await page.getByTestId('traffic-filter-outcome').selectOption('rejected');
      await expect.poll(() => rows.count()).toBe(1);
      await page.getByTestId('traffic-filter-outcome').selectOption('accepted');
      await expect.poll(async () => (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')))).every((c) => c === '200')).toBe(true);
      await page.getByTestId('traffic-filter-outcome').selectOption('');
      await page.getByTestId('traffic-filter-provider').selectOption('msn');
      await page.getByTestId('traffic-empty').waitFor();
      await page.getByTestId('traffic-filter-provider').selectOption('');
      await page.getByTestId('traffic-filter-user').fill('nobody@');
      await page.getByTestId('traffic-empty').waitFor();
      await page.getByTestId('traffic-filter-user').fill('yuki@');
      await page.getByTestId(`traffic-row-${blockedRequest}`).waitFor();
    });

    it('allowing Yahoo! again keeps its filtering option', async () => {
      await goTo(page, 'providers');
      await page.getByTestId('provider-edit-yahoo').click();
      await page.getByTestId('provider-field-filtering-contacts-only').check();
      await page.getByTestId('provider-field-allowed').uncheck();
      await page.getByTestId('provider-dialog-save').click();
      await page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
      await attributeIs(page.getByTestId('provider-filtering-yahoo'), 'data-filtering', 'contacts-only');

      await page.getByTestId('provider-toggle-yahoo').click();
      await attributeIs(page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'true');
      const yahoo = (await bench.d.admin.providers()).find((p) => p.id === 'yahoo')!;
      expect(yahoo).toMatchObject({ allowed: true, filtering: 'contacts-only', domains: ['yahoo.test'], public: true });
      expect(await page.getByTestId('provider-filtering-yahoo').textContent()).toContain("Allow communications only from users on recipient's contact list");
    });

    it('the filtering option decides the next subscription: contacts only → 403 unverified; verified only → 202 pending', async () => {
      const underContactsOnly = await yuki.subscribe('alice@contoso.test');
      expect(underContactsOnly.code).toBe(403);
      expect(underContactsOnly.diagnostic.reason).toBe('forbidden');
      expect((await bench.d.admin.trace(underContactsOnly.requestId)).summary?.reason).toBe('unverified-not-on-allow-list');

      await page.getByTestId('provider-edit-yahoo').click();
      await page.getByTestId('provider-field-filtering-verified-only').check();
      await page.getByTestId('provider-dialog-save').click();
      await attributeIs(page.getByTestId('provider-filtering-yahoo'), 'data-filtering', 'verified-only');

      const underVerifiedOnly = await yuki.subscribe('alice@contoso.test');
      expect(underVerifiedOnly.code).toBe(202);
      await alice.prompt('yuki@yahoo.test');

      await goTo(page, 'traffic');
      await page.getByTestId('traffic-filter-user').fill('');
      expect(await page.getByTestId(`traffic-outcome-${underContactsOnly.requestId}`).textContent()).toMatch(/403\s+unverified-not-on-allow-list/);
      expect(await page.getByTestId(`traffic-outcome-${underVerifiedOnly.requestId}`).textContent()).toMatch(/202\s+pending-prompt/);
    });

    it('the audit log shows each change with its value before and after', async () => {
      await goTo(page, 'audit');
      const updates = page.locator('[data-testid=audit-row][data-action="provider.update"][data-target=yahoo]');
      await expect.poll(() => updates.count()).toBeGreaterThanOrEqual(4);
      const texts = await updates.allTextContents();
      expect(texts.some((t) => /allowed:\s*true\s*→\s*false/.test(t))).toBe(true);
      expect(texts.some((t) => /filtering:\s*contacts-only\s*→\s*verified-only/.test(t))).toBe(true);
      await keepScreenshot(page, 'admin-audit');
    });
  });
});
