import { describe, expect, it } from 'vitest';
import { useHarness } from '../test-support/component-harness.ts';

const internal = {
  kind: 'internal',
  settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false },
  enablement: { federation: true, publicIm: false },
  allow: [{ address: 'yuki@yahoo.test', name: 'Yuki Yamada' }],
  block: [{ address: 'sam@hotmail.test', name: 'Sam <b>Sato</b>' }],
};
const EVENTS = ['settings-change', 'list-change'];

const h = useHarness();

describe('<fl-privacy-panel> for an internal user', () => {
  it('shows the Allow/Block/Prompt setting and changes it', async () => {
    await h.mount('fl-privacy-panel', internal, EVENTS);
    expect(await h.page.getByTestId('subscription-setting-prompt').isChecked()).toBe(true);
    await h.page.getByTestId('subscription-setting-allow').check();
    expect(await h.events()).toEqual([{ type: 'settings-change', detail: { subscriptionSetting: 'allow' } }]);
  });

  it('keeps showing what the server holds when a change did not take', async () => {
    await h.set({ settings: { ...internal.settings } });
    expect(await h.page.getByTestId('subscription-setting-prompt').isChecked()).toBe(true);
  });

  it('blocks IM from people not on the Allow list', async () => {
    await h.mount('fl-privacy-panel', internal, EVENTS);
    await h.page.getByLabel('Block IM from people who are not on my Allow list').check();
    expect(await h.events()).toEqual([{ type: 'settings-change', detail: { blockImFromNonAllowList: true } }]);
  });

  it('lists the Allow and Block lists, adds to and removes from them', async () => {
    await h.mount('fl-privacy-panel', internal, EVENTS);
    const allow = h.page.getByTestId('allow-list');
    const block = h.page.getByTestId('block-list');
    expect(await allow.getByTestId('list-entry').getAttribute('data-address')).toBe('yuki@yahoo.test');
    expect(await block.getByTestId('list-entry').innerText()).toContain('Sam <b>Sato</b>');
    await block.getByTestId('list-remove').click();
    await h.page.getByTestId('allow-add-address').fill('Carol@Contoso.test');
    await h.page.getByTestId('allow-add-address').press('Enter');
    expect(await h.events()).toEqual([
      { type: 'list-change', detail: { list: 'block', op: 'remove', address: 'sam@hotmail.test' } },
      { type: 'list-change', detail: { list: 'allow', op: 'add', address: 'carol@contoso.test' } },
    ]);
  });

  it('refuses to add what is not an address', async () => {
    await h.mount('fl-privacy-panel', internal, EVENTS);
    await h.page.getByTestId('block-add-address').fill('nobody');
    await h.page.getByTestId('block-add-submit').click();
    expect(await h.page.locator('#block-add-error').textContent()).toBe('Enter an address like name@domain.');
    expect(await h.events()).toEqual([]);
  });

  it('shows the enablement the admin set', async () => {
    await h.mount('fl-privacy-panel', internal, EVENTS);
    expect(await h.page.getByTestId('enablement').innerText()).toMatch(/Public IM off[\s\S]*Federation on/);
  });
});

describe('<fl-privacy-panel> for a provider user', () => {
  it('keeps only a Block list: the provider decides the rest', async () => {
    await h.mount('fl-privacy-panel', { kind: 'provider', provider: 'Yahoo!', block: [] }, EVENTS);
    expect(await h.page.getByTestId('privacy-provider').textContent()).toContain('Yahoo! accepts presence requests and invitations for you');
    expect(await h.page.getByTestId('block-list').count()).toBe(1);
    expect(await h.page.getByTestId('allow-list').count()).toBe(0);
    expect(await h.page.getByTestId('subscription-setting').count()).toBe(0);
  });
});
