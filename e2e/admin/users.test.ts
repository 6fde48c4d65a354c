import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, goTo, startBench, type AdminBench } from './support.ts';

let bench: AdminBench;
let page: Page;
beforeAll(async () => {
  bench = await startBench();
  await bench.d.admin.allowProvider('yahoo');
  page = await bench.page();
  await goTo(page, 'users');
});
afterAll(() => bench?.close());

const enablementOf = async (address: string) => (await bench.d.admin.users(address)).find((u) => u.address === address)!.enablement;

describe('the Users panel', () => {
  it('lists the organization’s users with their enablement, and finds them by name or address', async () => {
    await page.getByTestId('user-row-alice@contoso.test').waitFor();
    expect(await page.locator('[data-testid^=user-row-]').count()).toBe(6);
    await attributeIs(page.getByTestId('user-federation-bob@contoso.test'), 'aria-checked', 'false');
    await attributeIs(page.getByTestId('user-publicim-bob@contoso.test'), 'aria-checked', 'true');
    await page.getByTestId('users-search').fill('Chen');
    await expect.poll(() => page.locator('[data-testid^=user-row-]').count()).toBe(1);
    await page.getByTestId('user-row-carol@contoso.test').waitFor();
    await page.getByTestId('users-search').fill('nobody-by-that-name');
    await page.getByTestId('users-empty').waitFor();
    await page.getByTestId('users-search').fill('');
    await expect.poll(() => page.locator('[data-testid^=user-row-]').count()).toBe(6);
  });

  it('disabling a user’s public IM takes effect on the next request: 403 sender-not-enabled-public-im', async () => {
    const alice = await bench.d.bot('alice@contoso.test');
    await bench.d.bot('yuki@yahoo.test');
    expect((await alice.invite('yuki@yahoo.test')).answer.code).toBe(200);

    await page.getByTestId('user-publicim-alice@contoso.test').click();
    await attributeIs(page.getByTestId('user-publicim-alice@contoso.test'), 'aria-checked', 'false');
    expect(await enablementOf('alice@contoso.test')).toEqual({ federation: true, publicIm: false });

    const { answer } = await alice.invite('yuki@yahoo.test');
    expect(answer.code).toBe(403);
    expect(answer.diagnostic.reason).toBe('sender-not-enabled-public-im');
  });

  it('changes many users at once: tick rows, then a bulk action', async () => {
    await page.getByTestId('user-select-bob@contoso.test').check();
    await page.getByTestId('user-select-erin@contoso.test').check();
    expect(await page.getByTestId('users-selected-count').textContent()).toBe('2 selected');
    await keepScreenshot(page, 'admin-users');
    await page.getByTestId('bulk-enable-federation').click();
    await attributeIs(page.getByTestId('user-federation-bob@contoso.test'), 'aria-checked', 'true');
    expect(await enablementOf('bob@contoso.test')).toEqual({ federation: true, publicIm: true });

    await page.getByTestId('users-select-all').check();
    expect(await page.getByTestId('users-selected-count').textContent()).toBe('6 selected');
    await page.getByTestId('bulk-disable-publicim').click();
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      await attributeIs(page.getByTestId(`user-publicim-${u}@contoso.test`), 'aria-checked', 'false');
    }
    expect((await bench.d.admin.users()).every((u) => !u.enablement.publicIm)).toBe(true);
  });

  it('is usable from the keyboard: a switch toggles with Space', async () => {
    await page.getByTestId('user-publicim-dave@contoso.test').focus();
    await page.keyboard.press('Space');
    await attributeIs(page.getByTestId('user-publicim-dave@contoso.test'), 'aria-checked', 'true');
    expect(await enablementOf('dave@contoso.test')).toEqual({ federation: false, publicIm: true });
  });
});
