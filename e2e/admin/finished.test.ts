/**
 * The admin page as an admin tries it (issue 10), at 1280 px and at 390 px: the Users tab's live "Signed in", the
 * Add dialog's defaults and a known provider filled in, the global switch that asks first, dialogs that fit, the
 * audit log's who (the page, REST, a scenario by its name) and what a removal lost, live traffic pages, filters and
 * folds typing notices, and every control within reach on a phone.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runCli } from '@fedlab/testkit';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, goTo, useBench } from './support.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const keepForDocs = (artifact: string, name: string) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  copyFileSync(artifact, `${SCREENSHOTS}${name}.png`);
};

const opened = useBench();

describe('the admin page, finished', () => {
  it('shows who is signed in on the Users tab as it happens', async () => {
    await goTo(opened.page, 'users');
    const dave = opened.page.getByTestId('user-online-dave@contoso.test');
    await attributeIs(dave, 'data-online', 'false');
    const bot = await opened.bench.d.bot('dave@contoso.test');
    await attributeIs(dave, 'data-online', 'true');
    bot.close();
    await attributeIs(dave, 'data-online', 'false');
  });

  it('adds AOL back by hand as a public provider, verified only, not allowed: the dialog fills in what the topology knows', async () => {
    await goTo(opened.page, 'providers');
    await opened.bench.d.admin.removeProvider('aol');
    await opened.page.getByTestId('provider-row-aol').waitFor({ state: 'detached' });
    await opened.page.getByTestId('add-provider').click();
    expect(await opened.page.getByTestId('provider-field-public').isChecked()).toBe(true);
    expect(await opened.page.getByTestId('provider-field-allowed').isChecked()).toBe(false);
    expect(await opened.page.getByTestId('provider-field-filtering-verified-only').isChecked()).toBe(true);
    await opened.page.getByTestId('provider-hint-id').filter({ hasText: 'aol' }).waitFor();
    await opened.page.getByTestId('provider-field-id').fill('aol');
    expect(await opened.page.getByTestId('provider-field-domains').inputValue()).toBe('aol.test, aim.test');
    const save = (await opened.page.getByTestId('provider-dialog-save').boundingBox())!;
    expect(save.y + save.height).toBeLessThanOrEqual(800);
    await keepScreenshot(opened.page, 'admin-add-dialog');
    await opened.page.getByTestId('provider-dialog-save').click();
    await opened.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    const aol = (await opened.bench.d.admin.providers()).find((p) => p.id === 'aol')!;
    expect(aol).toMatchObject({ public: true, allowed: false, filtering: 'verified-only', domains: ['aol.test', 'aim.test'] });
    await attributeIs(opened.page.getByTestId('provider-link-aol'), 'data-state', 'connected');
  });

  it('says "allowed" on a first allow, and asks before turning the global switch off; then every row says it has no effect', async () => {
    await opened.page.getByTestId('provider-toggle-yahoo').click();
    await opened.page.getByTestId('providers-notice').filter({ hasText: 'Yahoo! is allowed.' }).waitFor();
    await opened.page.getByTestId('global-switch').click();
    await opened.page.getByTestId('confirm-message').filter({ visible: true }).waitFor();
    await opened.page.getByTestId('confirm-ok').filter({ visible: true }).click();
    await attributeIs(opened.page.getByTestId('global-switch'), 'aria-checked', 'false');
    expect((await opened.bench.d.admin.state()).federationEnabled).toBe(false);
    await opened.page.getByTestId('provider-no-effect-yahoo').waitFor();
    for (const id of ['msn', 'aol', 'fabrikam']) await opened.page.getByTestId(`provider-no-effect-${id}`).waitFor();
    await keepScreenshot(opened.page, 'admin-global-off');
    await opened.page.getByTestId('global-switch').click();
    await attributeIs(opened.page.getByTestId('global-switch'), 'aria-checked', 'true');
    await opened.page.getByTestId('provider-no-effect-yahoo').waitFor({ state: 'detached' });
    keepForDocs(await keepScreenshot(opened.page, 'admin-providers-finished'), 'admin');
  });

  it('audits who made each change (the page, REST, a scenario by its name) and what a removal lost', async () => {
    // A scenario run by the runner against this topology, as a QA engineer does (`fedlab run FILE --target DIR`).
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-audit-'));
    writeFileSync(join(dir, 'endpoints.json'), JSON.stringify(opened.bench.d.endpoints));
    writeFileSync(join(dir, 'topology.json'), JSON.stringify(opened.bench.d.topology));
    writeFileSync(join(dir, 'admin-token'), opened.bench.d.adminToken);
    writeFileSync(join(dir, 'password'), opened.bench.d.password);
    writeFileSync(join(dir, 'audited.yaml'), [
      'name: the audit log names me',
      'topology:', '  users:', '    alice: { at: home }',
      'steps:', '  - signIn: [alice]', '  - blockProvider: fabrikam', '  - allowProvider: fabrikam', '',
    ].join('\n'));
    const lines: string[] = [];
    expect(await runCli([join(dir, 'audited.yaml'), '--target', dir, '--no-color'], (l) => lines.push(l)), lines.join('\n')).toBe(0);

    await goTo(opened.page, 'audit');
    const row = (action: string, target: string) => opened.page.locator(`[data-testid=audit-row][data-action="${action}"][data-target="${target}"]`);
    await expect.poll(() => row('provider.update', 'fabrikam').count()).toBeGreaterThanOrEqual(2);
    expect(await row('provider.update', 'fabrikam').first().getByTestId('audit-actor').textContent()).toBe('Scenario “the audit log names me”');
    expect(await row('provider.update', 'yahoo').first().getByTestId('audit-actor').textContent()).toBe('Admin page');
    expect(await row('global.federation', 'organization').first().getByTestId('audit-actor').textContent()).toBe('Admin page');
    const removal = row('provider.remove', 'aol');
    expect(await removal.getByTestId('audit-actor').textContent()).toBe('REST API');
    const lost = (await removal.getByTestId('audit-changes').innerText()).replace(/\s+/g, ' ');
    for (const setting of ['Settings lost with it:', 'name: AOL', 'type: public IM service provider', 'domains: aol.test, aim.test']) expect(lost).toContain(setting);
    keepForDocs(await keepScreenshot(opened.page, 'admin-audit-who'), 'admin-audit');
  });

  it('pages the live traffic, filters it by kind, provider, code and user, and folds typing notices', async () => {
    const alice = await opened.bench.d.bot('alice@contoso.test');
    const yuki = await opened.bench.d.bot('yuki@yahoo.test');
    const { session } = await yuki.invite('alice@contoso.test');
    for (let i = 0; i < 120; i++) await yuki.typing(session.id);
    await yuki.send(session.id, 'done typing');
    await alice.message('done typing');
    await goTo(opened.page, 'traffic');
    const rows = opened.page.locator('[data-testid^=traffic-row-]');
    await opened.page.locator('[data-testid=traffic-folded]').filter({ hasText: '×120' }).waitFor();
    expect(await rows.count()).toBeLessThanOrEqual(50);
    await opened.page.getByTestId('traffic-fold').uncheck();
    await expect.poll(() => opened.page.getByTestId('traffic-page').textContent()).toMatch(/^Page 1 of [3-9]/);
    expect(await rows.count()).toBe(50);
    expect(await opened.page.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThan(4000);
    await opened.page.getByTestId('traffic-older').click();
    await expect.poll(() => opened.page.getByTestId('traffic-page').textContent()).toMatch(/^Page 2/);
    await opened.page.getByTestId('traffic-fold').check();
    await opened.page.getByTestId('traffic-filter-kind').selectOption('message');
    await expect.poll(() => rows.count()).toBe(1);
    await opened.page.getByTestId('traffic-filter-kind').selectOption('');
    await opened.page.getByTestId('traffic-filter-code').selectOption('200');
    await opened.page.getByTestId('traffic-filter-provider').selectOption('yahoo');
    await opened.page.getByTestId('traffic-filter-user').fill('yuki@');
    await expect.poll(() => rows.count()).toBe(3);
    keepForDocs(await keepScreenshot(opened.page, 'admin-traffic-paged'), 'admin-traffic');
    for (const filter of ['code', 'provider']) await opened.page.getByTestId(`traffic-filter-${filter}`).selectOption('');
    await opened.page.getByTestId('traffic-filter-user').fill('');
  });
});

describe('every dialog fits the window, Save or Close in view', () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`at ${viewport.width}×${viewport.height}`, async () => {
      const win = await opened.bench.page({ viewport });
      const inView = async (testid: string) => {
        const box = (await win.getByTestId(testid).filter({ visible: true }).boundingBox())!;
        expect(box.y + box.height, testid).toBeLessThanOrEqual(viewport.height);
        expect(box.x + box.width, testid).toBeLessThanOrEqual(viewport.width);
      };
      await win.getByTestId('add-provider').click();
      await inView('provider-dialog-save');
      await win.getByTestId('provider-dialog-cancel').click();
      await win.getByTestId('provider-edit-yahoo').click();
      await inView('provider-dialog-save');
      await win.getByTestId('provider-dialog-cancel').click();
      await win.getByTestId('provider-remove-msn').click();
      await inView('confirm-ok');
      await win.getByTestId('confirm-cancel').filter({ visible: true }).click();
      await goTo(win, 'faults');
      await win.getByTestId('fault-set-yahoo').click();
      await inView('fault-dialog-save');
      await win.getByTestId('fault-dialog-cancel').click();
      await goTo(win, 'traffic');
      const first = win.locator('[data-testid^=traffic-open-]').first();
      await first.click();
      await win.locator('[data-testid=ladder-decision]').first().waitFor();
      await inView('trace-close');
      await win.getByTestId('trace-close').click();
      await win.context().close();
    });
  }
});

describe('the admin page at 390 px', () => {
  let phone: Page;
  beforeAll(async () => {
    phone = await opened.bench.page({ viewport: { width: 390, height: 844 } });
  });

  const onScreen = async (testid: string) => {
    const control = phone.getByTestId(testid);
    await control.scrollIntoViewIfNeeded();
    const box = (await control.boundingBox())!;
    expect(box.x, testid).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, testid).toBeLessThanOrEqual(390);
  };

  it('puts every tab, switch and button within reach, without scrolling sideways', async () => {
    for (const section of ['providers', 'users', 'traffic', 'audit', 'faults']) await onScreen(`nav-${section}`);
    for (const id of ['msn', 'yahoo', 'aol', 'fabrikam']) {
      for (const control of ['provider-toggle', 'provider-edit', 'provider-remove']) await onScreen(`${control}-${id}`);
    }
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    keepForDocs(await keepScreenshot(phone, 'admin-phone-providers'), 'admin-phone');
    await goTo(phone, 'users');
    for (const u of ['alice', 'frank']) {
      await onScreen(`user-federation-${u}@contoso.test`);
      await onScreen(`user-publicim-${u}@contoso.test`);
    }
    await goTo(phone, 'faults');
    await onScreen('fault-set-yahoo');
    await onScreen('fault-reset-yahoo');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('fits the Add dialog on the phone, Save in view', async () => {
    await goTo(phone, 'providers');
    await phone.getByTestId('add-provider').click();
    const save = (await phone.getByTestId('provider-dialog-save').boundingBox())!;
    expect(save.y + save.height).toBeLessThanOrEqual(844);
    expect(save.x + save.width).toBeLessThanOrEqual(390);
    await keepScreenshot(phone, 'admin-phone-add-dialog');
    await phone.getByTestId('provider-dialog-cancel').click();
  });
});
