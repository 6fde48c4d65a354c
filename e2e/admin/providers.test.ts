import { describe, expect, it } from 'vitest';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, goTo, useBench } from './support.ts';
import type { Bot } from '@fedlab/testkit';

const opened = useBench();

describe('the IM providers tab', () => {
  it('shows the defaults on a fresh start: MSN, Yahoo! and AOL listed, public, verified only, not allowed', async () => {
    for (const [id, name] of [['msn', 'MSN'], ['yahoo', 'Yahoo!'], ['aol', 'AOL']] as const) {
      expect(await opened.page.getByTestId(`provider-name-${id}`).textContent()).toBe(name);
      expect(await opened.page.getByTestId(`provider-allowed-${id}`).textContent()).toBe('Temporarily blocked');
      expect(await opened.page.getByTestId(`provider-public-${id}`).textContent()).toBe('Public IM');
      expect(await opened.page.getByTestId(`provider-filtering-${id}`).textContent()).toContain('Allow communications only from users verified by this provider');
      await attributeIs(opened.page.getByTestId(`provider-link-${id}`), 'data-state', 'connected');
    }
    const yahooPort = opened.bench.d.topology.providers.find((p) => p.id === 'yahoo')!.port;
    expect(await opened.page.getByTestId('provider-address-yahoo').textContent()).toBe(`sip.yahoo.test:${yahooPort}`);
    expect(await opened.page.getByTestId('provider-public-fabrikam').textContent()).toBe('Federated partner');
    expect(await opened.page.getByTestId('global-state').textContent()).toBe('On');
  });

  describe('blocking Yahoo! in the page', () => {
    let alice: Bot;
    let yuki: Bot;
    let blockedRequest: string;
    let acceptedInvite: string;

    it('stops the next message of a Yahoo! user in an open session: 403, publicly "forbidden"', async () => {
      await opened.bench.d.admin.allowProvider('yahoo');
      await attributeIs(opened.page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'true');
      alice = await opened.bench.d.bot('alice@contoso.test');
      yuki = await opened.bench.d.bot('yuki@yahoo.test');
      const { answer, session } = await yuki.invite('alice@contoso.test');
      expect(answer.code).toBe(200);
      acceptedInvite = answer.requestId;
      await alice.invitation('yuki@yahoo.test');
      expect((await yuki.send(session.id, 'before the block')).code).toBe(200);
      await alice.message('before the block');

      await opened.page.getByTestId('provider-toggle-yahoo').click();
      await attributeIs(opened.page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'false');
      expect(await opened.page.getByTestId('provider-allowed-yahoo').textContent()).toBe('Temporarily blocked');
      expect((await opened.bench.d.admin.providers()).find((p) => p.id === 'yahoo')!.allowed).toBe(false);

      const refused = await yuki.send(session.id, 'after the block');
      expect(refused.code).toBe(403);
      expect(refused.diagnostic.reason).toBe('forbidden');
      blockedRequest = refused.requestId;
      expect(alice.hasReceived('after the block')).toBe(false);
      await keepScreenshot(opened.page, 'admin-providers');
    });

    it('shows the request in the live traffic, and its trace names the provider-blocked rule', async () => {
      await goTo(opened.page, 'traffic');
      const row = opened.page.getByTestId(`traffic-row-${blockedRequest}`);
      await row.waitFor();
      expect(await opened.page.getByTestId(`traffic-outcome-${blockedRequest}`).textContent()).toMatch(/403\s+provider-blocked/);
      await keepScreenshot(opened.page, 'admin-traffic');

      await opened.page.getByTestId(`traffic-open-${blockedRequest}`).click();
      const dialog = opened.page.getByTestId('trace-dialog');
      const deciding = dialog.locator('[data-testid=ladder-decision][data-deciding=true]');
      await deciding.waitFor();
      expect(await deciding.getByTestId('ladder-rule').textContent()).toBe('inbound.3-provider-allowed');
      expect(await deciding.getByTestId('ladder-answer').textContent()).toMatch(/403\s+provider-blocked/);
      expect(await dialog.getByTestId('ladder-column-provider').textContent()).toContain('Yahoo!');
      expect(await dialog.getByTestId('trace-outcome').textContent()).toMatch(/403\s+provider-blocked/);
      // The deciding hop is scrolled into view; a taller window shows the whole ladder in the kept screenshot.
      expect(await deciding.isVisible()).toBe(true);
      await opened.page.setViewportSize({ width: 1280, height: 1200 });
      await keepScreenshot(opened.page, 'admin-trace-ladder');
      await opened.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // An accepted invitation goes the whole way: sender, provider, edge, home, the recipient's client.
      await opened.page.getByTestId(`traffic-open-${acceptedInvite}`).click();
      const decidedByClient = dialog.locator('[data-testid=ladder-decision][data-deciding=true]');
      await decidedByClient.waitFor();
      expect(await decidedByClient.getByTestId('ladder-rule').textContent()).toBe('inbound.8-im-invitation');
      expect(await dialog.getByTestId('ladder-column-client').textContent()).toContain('alice@contoso.test');
      await keepScreenshot(opened.page, 'admin-trace-ladder-accepted');
      await opened.page.setViewportSize({ width: 1280, height: 800 });
      await dialog.getByTestId('trace-close').click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('the traffic filters narrow the stream by provider, user and outcome', async () => {
      const rows = opened.page.locator('[data-testid^=traffic-row-]');
      await opened.page.getByTestId('traffic-filter-outcome').selectOption('rejected');
      await expect.poll(() => rows.count()).toBe(1);
      await opened.page.getByTestId('traffic-filter-outcome').selectOption('accepted');
      await expect.poll(async () => (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')))).every((c) => c === '200')).toBe(true);
      await opened.page.getByTestId('traffic-filter-outcome').selectOption('');
      await opened.page.getByTestId('traffic-filter-provider').selectOption('msn');
      await opened.page.getByTestId('traffic-empty').waitFor();
      await opened.page.getByTestId('traffic-filter-provider').selectOption('');
      await opened.page.getByTestId('traffic-filter-user').fill('nobody@');
      await opened.page.getByTestId('traffic-empty').waitFor();
      await opened.page.getByTestId('traffic-filter-user').fill('yuki@');
      await opened.page.getByTestId(`traffic-row-${blockedRequest}`).waitFor();
    });

    it('allowing Yahoo! again keeps its filtering option', async () => {
      await goTo(opened.page, 'providers');
      await opened.page.getByTestId('provider-edit-yahoo').click();
      await opened.page.getByTestId('provider-field-filtering-contacts-only').check();
      await opened.page.getByTestId('provider-field-allowed').uncheck();
      await opened.page.getByTestId('provider-dialog-save').click();
      await opened.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
      await attributeIs(opened.page.getByTestId('provider-filtering-yahoo'), 'data-filtering', 'contacts-only');

      await opened.page.getByTestId('provider-toggle-yahoo').click();
      await attributeIs(opened.page.getByTestId('provider-toggle-yahoo'), 'aria-checked', 'true');
      const yahoo = (await opened.bench.d.admin.providers()).find((p) => p.id === 'yahoo')!;
      expect(yahoo).toMatchObject({ allowed: true, filtering: 'contacts-only', domains: ['yahoo.test'], public: true });
      expect(await opened.page.getByTestId('provider-filtering-yahoo').textContent()).toContain("Allow communications only from users on recipient's contact list");
    });

    it('the filtering option decides the next subscription: contacts only → 403 unverified; verified only → 202 pending', async () => {
      const underContactsOnly = await yuki.subscribe('alice@contoso.test');
      expect(underContactsOnly.code).toBe(403);
      expect(underContactsOnly.diagnostic.reason).toBe('forbidden');
      expect((await opened.bench.d.admin.trace(underContactsOnly.requestId)).summary?.reason).toBe('unverified-not-on-allow-list');

      await opened.page.getByTestId('provider-edit-yahoo').click();
      await opened.page.getByTestId('provider-field-filtering-verified-only').check();
      await opened.page.getByTestId('provider-dialog-save').click();
      await attributeIs(opened.page.getByTestId('provider-filtering-yahoo'), 'data-filtering', 'verified-only');

      const underVerifiedOnly = await yuki.subscribe('alice@contoso.test');
      expect(underVerifiedOnly.code).toBe(202);
      await alice.prompt('yuki@yahoo.test');

      await goTo(opened.page, 'traffic');
      await opened.page.getByTestId('traffic-filter-user').fill('');
      expect(await opened.page.getByTestId(`traffic-outcome-${underContactsOnly.requestId}`).textContent()).toMatch(/403\s+unverified-not-on-allow-list/);
      expect(await opened.page.getByTestId(`traffic-outcome-${underVerifiedOnly.requestId}`).textContent()).toMatch(/202\s+pending-prompt/);
    });

    it('the audit log shows each change with its value before and after', async () => {
      await goTo(opened.page, 'audit');
      const updates = opened.page.locator('[data-testid=audit-row][data-action="provider.update"][data-target=yahoo]');
      await expect.poll(() => updates.count()).toBeGreaterThanOrEqual(4);
      const texts = await updates.allTextContents();
      expect(texts.some((t) => /allowed:\s*true\s*→\s*false/.test(t))).toBe(true);
      expect(texts.some((t) => /filtering:\s*contacts-only\s*→\s*verified-only/.test(t))).toBe(true);
      await keepScreenshot(opened.page, 'admin-audit');
    });
  });
});
