import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, goTo, signIn, startBench, type AdminBench } from './support.ts';

let bench: AdminBench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(() => bench?.close());

describe('signing in to the admin page', () => {
  it('refuses a wrong token with a clear message and shows nothing of the console', async () => {
    const page = await bench.page({ signIn: false });
    const calls: { url: string; auth: string | undefined }[] = [];
    page.on('request', (r) => calls.push({ url: r.url(), auth: r.headers().authorization }));
    await page.getByTestId('sign-in-token').fill('not-the-token');
    await page.getByTestId('sign-in-submit').click();
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/not the admin token: the Access Edge refused it/);
    expect(await page.getByTestId('providers-table').count()).toBe(0);
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    await keepScreenshot(page, 'admin-sign-in-refused');

    // The wrong token went to the edge in the Authorization header, never in a URL.
    expect(calls.some((c) => c.auth === 'Bearer not-the-token' && c.url.endsWith('/api/state'))).toBe(true);
    expect(calls.every((c) => !c.url.includes('not-the-token'))).toBe(true);
    expect(page.url()).not.toContain('not-the-token');
    await page.context().close();
  });

  it('lets the right token in, carries it on every call, and forgets it on sign-out', async () => {
    const page = await bench.page({ signIn: false });
    const calls: { url: string; auth: string | undefined }[] = [];
    page.on('request', (r) => calls.push({ url: r.url(), auth: r.headers().authorization }));
    await signIn(page, bench.d.adminToken);
    await page.getByTestId('providers-table').waitFor();
    await goTo(page, 'users');
    await page.getByTestId('user-row-alice@contoso.test').waitFor();
    const apiCalls = calls.filter((c) => c.url.includes('/api/'));
    expect(apiCalls.length).toBeGreaterThan(2);
    expect(apiCalls.every((c) => c.auth === `Bearer ${bench.d.adminToken}`)).toBe(true);
    expect(calls.every((c) => !c.url.includes(bench.d.adminToken))).toBe(true);

    // A reload of the same tab keeps the session (the token is in this tab's sessionStorage only).
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-token').waitFor();
    const kept = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as unknown as Record<'sessionStorage' | 'localStorage', Record<string, string>>;
      return JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)]);
    });
    expect(kept).not.toContain(bench.d.adminToken);
    await page.reload();
    await page.getByTestId('sign-in-token').waitFor();
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    await page.context().close();
  });
});

describe('two admin pages', () => {
  it('a change in one shows at once in the other: providers, the global switch, users and the audit log', async () => {
    const one = await bench.page();
    const two = await bench.page();

    await one.getByTestId('provider-toggle-aol').click();
    await attributeIs(two.getByTestId('provider-toggle-aol'), 'aria-checked', 'true');
    expect(await two.getByTestId('provider-allowed-aol').textContent()).toBe('Allowed');

    await two.getByTestId('global-switch').click();
    await two.getByTestId('confirm-ok').filter({ visible: true }).click();
    await attributeIs(one.getByTestId('global-switch'), 'aria-checked', 'false');
    expect(await one.getByTestId('global-state').textContent()).toBe('Off');
    await one.getByTestId('global-switch').click();
    await attributeIs(two.getByTestId('global-switch'), 'aria-checked', 'true');

    await goTo(one, 'users');
    await goTo(two, 'users');
    await attributeIs(two.getByTestId('user-federation-dave@contoso.test'), 'aria-checked', 'false');
    await one.getByTestId('user-federation-dave@contoso.test').click();
    await attributeIs(two.getByTestId('user-federation-dave@contoso.test'), 'aria-checked', 'true');

    await goTo(two, 'audit');
    const row = two.locator('[data-testid=audit-row][data-action="user.enablement"][data-target="dave@contoso.test"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/federation:\s*false\s*→\s*true/);
    await one.context().close();
    await two.context().close();
  });
});

describe('the console on a phone-sized screen, from the keyboard', () => {
  it('signs in with Enter, moves between sections with the keyboard, and never scrolls the page sideways', async () => {
    const page = await bench.page({ signIn: false, viewport: { width: 390, height: 844 } });
    await page.getByTestId('sign-in-token').focus();
    await page.keyboard.type(bench.d.adminToken);
    await page.keyboard.press('Enter');
    await page.getByTestId('providers-table').waitFor();
    const sideways = () => page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(await sideways()).toBeLessThanOrEqual(0);
    await keepScreenshot(page, 'admin-narrow-providers');

    await page.getByTestId('nav-users').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('users-table').waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await page.getByTestId('nav-traffic').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('traffic-table').waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
