import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { keepScreenshot } from '../support/browser.ts';
import { attributeIs, startBench, type AdminBench } from './support.ts';

/**
 * A non-public partner that is not in the edge's list: its provider runs (deploy starts every provider of the
 * topology), but the edge knows nothing of it until an admin adds it in the page.
 */
let bench: AdminBench;
let page: Page;
let port: number;
beforeAll(async () => {
  bench = await startBench({
    customize: (t) => {
      t.providers.push({
        id: 'northwind', name: 'Northwind', fqdn: 'sip.northwind.test', port: 0, domains: ['northwind.test'], public: false,
        users: [{ address: 'nora@northwind.test', displayName: 'Nora North', verified: true }],
      });
      t.hosts = { ...t.hosts, 'sip.northwind.test': '127.0.0.1' };
    },
  });
  port = bench.d.topology.providers.find((p) => p.id === 'northwind')!.port;
  page = await bench.page();
});
afterAll(() => bench?.close());

describe('a non-public partner', () => {
  it('cannot reach the organization while it is not in the list: the edge opens no link to it', async () => {
    expect(await page.getByTestId('provider-row-northwind').count()).toBe(0);
    const nora = await bench.d.bot('nora@northwind.test');
    const { answer } = await nora.invite('carol@contoso.test');
    expect([answer.code, answer.diagnostic.reason]).toEqual([504, 'edge-unreachable']);
  });

  it('the Add dialog checks what is typed and shows the edge’s refusals', async () => {
    await page.getByTestId('add-provider').click();
    const dialog = page.getByTestId('provider-dialog');
    await dialog.waitFor();
    await page.getByTestId('provider-field-id').fill('Northwind');
    await page.getByTestId('provider-field-name').fill('Northwind Traders');
    await page.getByTestId('provider-field-fqdn').fill('https://sip.northwind.test');
    await page.getByTestId('provider-field-port').fill('70000');
    await page.getByTestId('provider-field-domains').fill('northwind');
    await page.getByTestId('provider-dialog-save').click();
    for (const field of ['id', 'fqdn', 'port', 'domains']) await page.getByTestId(`provider-error-${field}`).waitFor();
    expect(await page.getByTestId('provider-error-port').textContent()).toBe('Enter a port from 1 to 65535.');
    await keepScreenshot(page, 'admin-provider-dialog-errors');

    // Valid as typed, but the edge refuses a domain another provider serves.
    await page.getByTestId('provider-field-id').fill('northwind');
    await page.getByTestId('provider-field-fqdn').fill('sip.northwind.test');
    await page.getByTestId('provider-field-port').fill(String(port));
    await page.getByTestId('provider-field-domains').fill('northwind.test, yahoo.test');
    await page.getByTestId('provider-dialog-save').click();
    const refused = page.getByTestId('provider-dialog-error');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/yahoo\.test/);
    expect(await page.getByTestId('provider-row-northwind').count()).toBe(0);
  });

  it('once added (not public, allowed, verified only), it is used: a partner user reaches a user enabled for federation', async () => {
    await page.getByTestId('provider-field-domains').fill('northwind.test');
    // The dialog starts from the seed's defaults (public, not allowed): a partner says otherwise.
    await page.getByTestId('provider-field-public').uncheck();
    await page.getByTestId('provider-field-allowed').check();
    await page.getByTestId('provider-dialog-save').click();
    await page.getByTestId('provider-dialog').waitFor({ state: 'hidden' });
    await attributeIs(page.getByTestId('provider-link-northwind'), 'data-state', 'connected');
    expect(await page.getByTestId('provider-public-northwind').textContent()).toBe('Federated partner');
    expect(await page.getByTestId('provider-allowed-northwind').textContent()).toBe('Allowed');
    expect(await page.getByTestId('provider-address-northwind').textContent()).toBe(`sip.northwind.test:${port}`);
    expect(await bench.d.admin.providers()).toContainEqual(expect.objectContaining({
      id: 'northwind', name: 'Northwind Traders', public: false, allowed: true, filtering: 'verified-only', domains: ['northwind.test'],
      address: { fqdn: 'sip.northwind.test', port },
    }));

    const carol = await bench.d.bot('carol@contoso.test');
    const nora = await bench.d.bot('nora@northwind.test');
    const { answer, session } = await nora.invite('carol@contoso.test');
    expect(answer.code).toBe(200);
    await carol.invitation('nora@northwind.test');
    expect((await nora.send(session.id, 'hello from the partner')).code).toBe(200);
    await carol.message('hello from the partner');
    await keepScreenshot(page, 'admin-partner-added');
  });

  it('once removed, after a confirmation that says the settings will be gone, the edge rejects it by rule 3', async () => {
    await page.getByTestId('provider-remove-northwind').click();
    const message = page.getByTestId('confirm-message').filter({ visible: true });
    await message.waitFor();
    expect(await message.textContent()).toMatch(/all of its settings .* will be gone/);
    await page.getByTestId('confirm-cancel').filter({ visible: true }).click();
    expect(await page.getByTestId('provider-row-northwind').count()).toBe(1);

    await page.getByTestId('provider-remove-northwind').click();
    await page.getByTestId('confirm-ok').filter({ visible: true }).click();
    await page.getByTestId('provider-row-northwind').waitFor({ state: 'detached' });
    expect((await bench.d.admin.providers()).map((p) => p.id)).not.toContain('northwind');

    // Removed: what the partner still sends on its open link is rejected by rule 3, at the edge.
    const nora = await bench.d.bot('nora@northwind.test');
    const { answer } = await nora.invite('carol@contoso.test');
    expect([answer.code, answer.diagnostic.reason, answer.diagnostic.hop]).toEqual([403, 'forbidden', 'edge']);
    expect((await bench.d.admin.trace(answer.requestId)).decisions.at(-1)).toMatchObject({ rule: 'inbound.3-provider-allowed', reason: 'provider-not-listed' });
  });
});
