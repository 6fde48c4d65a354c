import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderEntry } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
});
afterAll(() => fx?.close());

const yahoo: ProviderEntry = {
  id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'sip.yahoo.test', port: 7302 }, public: true, allowed: false, filtering: 'verified-only', domains: ['yahoo.test'],
};

/** Puts a fresh dialog with a fake client on the page; `refuse`: the edge's answer to addProvider is a 409. */
async function mount(refuse = false) {
  await fx.page.evaluate(({ refuse }) => {
    document.body.replaceChildren();
    const { client, calls } = window.fedlab.fakeClient({
      addProvider: refuse ? new window.fedlab.AdminError(409, 'conflict', 'Domain yahoo.test is already served by yahoo.') : (entry: unknown) => entry,
      updateProvider: (id: string, patch: object) => ({ id, ...patch }),
      knownProviders: [
        { id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: false, filtering: 'verified-only', domains: ['aol.test', 'aim.test'] },
        { id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'sip.yahoo.test', port: 7302 }, public: true, allowed: false, filtering: 'verified-only', domains: ['yahoo.test'] },
      ],
    });
    const dialog = document.createElement('fl-provider-dialog');
    dialog.client = client as never;
    dialog.takenIds = ['msn', 'yahoo'];
    document.body.append(dialog);
    window.kept = { calls, events: window.fedlab.recordEvents(dialog, 'provider-saved'), dialog };
  }, { refuse });
}

/** What the dialog asked the edge, beside the known providers it looks up on opening. */
const calls = async () => (await fx.page.evaluate(() => window.kept.calls as [string, unknown[]][])).filter(([m]) => m !== 'knownProviders');
const events = () => fx.page.evaluate(() => window.kept.events as { type: string; detail: unknown }[]);

async function fillAdd(values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) await fx.page.getByTestId(`provider-field-${field}`).fill(value);
}

describe('<fl-provider-dialog>', () => {
  it('checks every field before sending anything, and says what is wrong next to each', async () => {
    await mount();
    await fx.page.evaluate(() => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openAdd());
    await fillAdd({ id: 'yahoo', name: '', fqdn: 'sip.northwind.test:5061', port: '0', domains: 'northwind' });
    await fx.page.getByTestId('provider-dialog-save').click();
    expect(await fx.page.getByTestId('provider-error-id').textContent()).toBe('There is already a provider with the id yahoo.');
    for (const field of ['name', 'fqdn', 'port', 'domains']) expect(await fx.page.getByTestId(`provider-error-${field}`).isVisible()).toBe(true);
    expect(await fx.page.getByTestId('provider-field-port').getAttribute('aria-invalid')).toBe('true');
    // The first wrong field has the focus, so a keyboard user lands where the fix is.
    expect(await fx.page.evaluate(() => (document.activeElement?.shadowRoot?.activeElement as HTMLElement | null)?.id)).toBe('p-id');
    expect(await calls()).toEqual([]);
  });

  it('starts from the seed’s defaults: public, verified only, not allowed', async () => {
    await mount();
    await fx.page.evaluate(() => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openAdd());
    expect(await fx.page.getByTestId('provider-field-public').isChecked()).toBe(true);
    expect(await fx.page.getByTestId('provider-field-allowed').isChecked()).toBe(false);
    expect(await fx.page.getByTestId('provider-field-filtering-verified-only').isChecked()).toBe(true);
  });

  it('fills in the settings of a provider the topology knows when its id is chosen, not allowed', async () => {
    await fx.page.getByTestId('provider-hint-id').filter({ hasText: 'The topology knows aol' }).waitFor();
    // Yahoo! is in the list already: only AOL is offered.
    expect(await fx.page.locator('fl-provider-dialog datalist option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['aol']);
    await fx.page.getByTestId('provider-field-id').fill('aol');
    expect(await fx.page.getByTestId('provider-field-name').inputValue()).toBe('AOL');
    expect(await fx.page.getByTestId('provider-field-fqdn').inputValue()).toBe('sip.aol.test');
    expect(await fx.page.getByTestId('provider-field-port').inputValue()).toBe('7303');
    expect(await fx.page.getByTestId('provider-field-domains').inputValue()).toBe('aol.test, aim.test');
    expect(await fx.page.getByTestId('provider-field-public').isChecked()).toBe(true);
    expect(await fx.page.getByTestId('provider-field-allowed').isChecked()).toBe(false);
    expect(await fx.page.getByTestId('provider-hint-id').textContent()).toContain("Filled in with AOL's settings");
    await fx.page.getByTestId('provider-dialog-save').click();
    await fx.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    expect((await calls()).at(-1)).toEqual(['addProvider', [{ id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: false, filtering: 'verified-only', domains: ['aol.test', 'aim.test'] }]]);
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`fits a ${viewport.width}×${viewport.height} window: Save is in view without scrolling the page`, async () => {
      await fx.page.setViewportSize(viewport);
      try {
        await mount();
        await fx.page.evaluate(() => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openAdd());
        await fx.page.getByTestId('provider-hint-id').filter({ hasText: 'The topology knows' }).waitFor();
        const scrolls = () => fx.page.getByTestId('provider-dialog').evaluate((d) => ({ scroll: d.scrollHeight, client: d.clientHeight }));
        // As it opens, the whole dialog shows in an 800 px-high window, without scrolling.
        if (viewport.height === 800) expect(await scrolls()).toEqual(expect.objectContaining({ scroll: (await scrolls()).client }));
        // With every field in error, the tallest it gets: it scrolls inside, Save stays in view.
        await fx.page.getByTestId('provider-dialog-save').click();
        await fx.page.getByTestId('provider-error-name').waitFor();
        const dialog = (await fx.page.getByTestId('provider-dialog').boundingBox())!;
        expect(dialog.y).toBeGreaterThanOrEqual(0);
        expect(dialog.y + dialog.height).toBeLessThanOrEqual(viewport.height);
        const save = (await fx.page.getByTestId('provider-dialog-save').boundingBox())!;
        expect(save.y + save.height).toBeLessThanOrEqual(viewport.height);
        expect(save.x + save.width).toBeLessThanOrEqual(viewport.width);
      } finally {
        await fx.page.setViewportSize({ width: 1200, height: 800 });
      }
    });
  }

  it('sends a well-typed entry to the edge, closes and reports it', async () => {
    await mount();
    await fx.page.evaluate(() => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openAdd());
    await fillAdd({ id: 'northwind', name: 'Northwind Traders', fqdn: 'SIP.Northwind.test', port: '5061', domains: 'northwind.test nw.test' });
    await fx.page.getByTestId('provider-field-filtering-allow-all').check();
    await fx.page.getByTestId('provider-field-allowed').check();
    expect(await fx.page.getByTestId('provider-error-port').count()).toBe(0);
    await fx.page.getByTestId('provider-dialog-save').click();
    await fx.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    const entry = {
      id: 'northwind', name: 'Northwind Traders', address: { fqdn: 'sip.northwind.test', port: 5061 }, public: true, allowed: true,
      filtering: 'allow-all', domains: ['northwind.test', 'nw.test'],
    };
    expect(await calls()).toEqual([['addProvider', [entry]]]);
    expect(await events()).toEqual([{ type: 'provider-saved', detail: { entry, mode: 'add' } }]);
  });

  it('shows the edge’s refusal in the dialog and stays open', async () => {
    await mount(true);
    await fx.page.evaluate(() => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openAdd());
    await fillAdd({ id: 'northwind', name: 'Northwind', fqdn: 'sip.northwind.test', port: '5061', domains: 'yahoo.test' });
    await fx.page.getByTestId('provider-dialog-save').click();
    const error = fx.page.getByTestId('provider-dialog-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('The edge refused: Domain yahoo.test is already served by yahoo. (409 conflict)');
    expect(await fx.page.getByTestId('provider-dialog').isVisible()).toBe(true);
    expect(await events()).toEqual([]);
  });

  it('edits an entry: the id is fixed and only what changed is sent', async () => {
    await mount();
    await fx.page.evaluate((entry) => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openEdit(entry), yahoo);
    expect(await fx.page.getByTestId('provider-field-id').isDisabled()).toBe(true);
    expect(await fx.page.getByTestId('provider-field-fqdn').inputValue()).toBe('sip.yahoo.test');
    expect(await fx.page.getByTestId('provider-field-filtering-verified-only').isChecked()).toBe(true);
    expect(await fx.page.getByTestId('provider-field-allowed').isChecked()).toBe(false);
    await fx.page.getByTestId('provider-field-filtering-contacts-only').check();
    await fx.page.getByTestId('provider-dialog-save').click();
    await fx.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    expect(await calls()).toEqual([['updateProvider', ['yahoo', { filtering: 'contacts-only' }]]]);
  });

  it('closes with Escape without sending anything', async () => {
    await mount();
    await fx.page.evaluate((entry) => (window.kept.dialog as HTMLElementTagNameMap['fl-provider-dialog']).openEdit(entry), yahoo);
    await fx.page.getByTestId('provider-field-name').fill('Changed');
    await fx.page.keyboard.press('Escape');
    await fx.page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    expect(await calls()).toEqual([]);
  });
});
