import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
const aol = { id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: false, filtering: 'verified-only', domains: ['aol.test', 'aim.test'] };
const entries: AuditEntry[] = [
  { id: 'a1', at: 1, action: 'provider.update', target: 'yahoo', before: { allowed: false }, after: { allowed: true }, actor: 'page' },
  { id: 'a2', at: 2, action: 'global.federation', target: 'organization', before: { federationEnabled: true }, after: { federationEnabled: false }, actor: 'scenario:global switch off' },
  { id: 'a3', at: 3, action: 'provider.remove', target: 'aol', before: aol, after: null, actor: 'rest' },
];

beforeAll(async () => {
  fx = await openFixture();
  await fx.page.evaluate((entries) => {
    const panel = document.createElement('fl-audit-panel');
    Object.assign(panel, { entries });
    document.body.replaceChildren(panel);
  }, entries);
});
afterAll(() => fx?.close());

describe('<fl-audit-panel>', () => {
  it('says who made each change: the page, the REST API, a scenario by its name', async () => {
    const actors = await fx.page.getByTestId('audit-actor').allTextContents();
    expect(actors).toEqual(['REST API', 'Scenario “global switch off”', 'Admin page']);
  });

  it('lists every setting a removal lost', async () => {
    const removal = fx.page.locator('[data-testid=audit-row][data-action="provider.remove"]');
    const text = (await removal.getByTestId('audit-changes').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Settings lost with it:');
    for (const lost of ['name: AOL', 'network address: sip.aol.test:7303', 'type: public IM service provider', 'domains: aol.test, aim.test']) expect(text).toContain(lost);
  });
});
