import { describe, expect, it } from 'vitest';
import { useHarness } from '../test-support/component-harness.ts';

const h = useHarness({ width: 1280, height: 800 });
const mount = (kind: 'internal' | 'provider') => h.call('mountShell', kind);
const calls = () => h.call<string[]>('calls');
const focused = () => h.page.evaluate(() => {
  let element: Element | null = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element?.getAttribute('data-testid') ?? element?.getAttribute('role') ?? element?.tagName ?? null;
});

describe('<fl-chat-shell>', () => {
  it('shows me, the waiting prompt, and my contacts with their presence', async () => {
    await mount('internal');
    expect(await h.page.getByTestId('me-name').textContent()).toBe('Alice Anders');
    expect(await h.page.getByTestId('me-side').textContent()).toBe('Contoso');
    expect(await h.page.locator('#prompts-title').textContent()).toBe('Presence requests (1)');
    expect(await h.page.getByTestId('prompt-provider').textContent()).toBe('Colleague');
    const yuki = h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]');
    expect(await yuki.getAttribute('data-presence')).toBe('busy');
    expect(await yuki.getByTestId('contact-name').textContent()).toBe('Yuki Yamada');
    expect(await h.page.getByTestId('tab-contacts').innerText()).toMatch(/Contacts\s*1/);
    expect(await focused()).toBe('add-contact-address');
  });

  it('answers a prompt through the client', async () => {
    await mount('internal');
    await h.page.getByTestId('prompt-allow').click();
    expect(await calls()).toEqual(['prompt p1 allow']);
  });

  it('moves between tabs with the arrow keys', async () => {
    await mount('internal');
    await h.page.getByTestId('tab-contacts').focus();
    await h.page.keyboard.press('ArrowRight');
    expect(await h.page.getByTestId('tab-chats').getAttribute('aria-selected')).toBe('true');
    expect(await focused()).toBe('tab-chats');
    await h.page.keyboard.press('ArrowRight');
    await h.page.getByTestId('panel-privacy').waitFor();
    await h.page.keyboard.press('ArrowRight');
    expect(await h.page.getByTestId('tab-contacts').getAttribute('aria-selected')).toBe('true');
  });

  it('opens a conversation with focus in the composer; Enter invites and sends', async () => {
    await mount('internal');
    await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-open').click();
    await h.page.locator('[data-testid="chat"][data-peer="yuki@yahoo.test"]').waitFor();
    expect(await h.page.getByTestId('chat-note').textContent()).toBe('in a meeting');
    expect(await focused()).toBe('composer');
    await h.page.keyboard.type('hello');
    await h.page.keyboard.press('Enter');
    await h.page.locator('[data-testid="message"][data-state="delivered"]').waitFor();
    expect(await calls()).toEqual(['invite yuki@yahoo.test', 'send s1 hello']);
  });

  it('shows text for a refused invitation as not delivered, with the answer', async () => {
    await mount('internal');
    await h.call('failNextInvite');
    await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-open').click();
    await h.page.getByTestId('composer').fill('anyone?');
    await h.page.getByTestId('composer').press('Enter');
    const failed = h.page.locator('[data-testid="message"][data-state="failed"]');
    expect(await failed.getByTestId('answer-code').textContent()).toBe('480 temporarily-unavailable');
    expect(await h.page.locator('[data-testid="session-notice"][data-tone="error"]').innerText()).toContain('Yuki Yamada could not be invited: unavailable.');
  });

  it('counts messages from a conversation not on screen, and a notice opens it', async () => {
    await mount('internal');
    await h.call('receive', { from: 'yuki@yahoo.test', text: 'ping' });
    await h.call('receive', { from: 'yuki@yahoo.test', text: 'ping again' });
    expect(await h.page.getByTestId('tab-chats').innerText()).toMatch(/Chats\s*2/);
    expect(await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-unread').textContent()).toBe('2 unread');
    expect(await h.page.getByTestId('toast').innerText()).toContain('New message from Yuki Yamada');
    await h.page.getByTestId('toast-open').click();
    await h.page.locator('[data-testid="message"][data-direction="in"]').nth(1).waitFor();
    expect(await h.page.getByTestId('tab-chats').innerText()).toBe('Chats');
    expect(await h.page.getByTestId('toast').count()).toBe(0);
    expect(await h.page.title()).toBe('Alice Anders · fedlab Chat');
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`never covers the Send button with a notice, at ${viewport.width} px`, async () => {
      await h.page.setViewportSize(viewport);
      try {
        await mount('internal');
        await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-open').click();
        await h.page.getByTestId('composer').fill('half-written');
        await h.call('receive', { from: 'bob@contoso.test', text: 'ping' });
        await h.call('receive', { from: 'bob@contoso.test', text: 'ping again' });
        const toast = await h.page.getByTestId('toast').boundingBox();
        const send = await h.page.getByTestId('send').boundingBox();
        const overlap = !(toast!.x + toast!.width <= send!.x || send!.x + send!.width <= toast!.x || toast!.y + toast!.height <= send!.y || send!.y + send!.height <= toast!.y);
        expect(overlap).toBe(false);
        expect(send!.y + send!.height).toBeLessThanOrEqual(viewport.height);
        await h.page.getByTestId('send').click();
        await h.page.locator('[data-testid="message"][data-direction="out"]').waitFor();
      } finally {
        await h.page.setViewportSize({ width: 1280, height: 800 });
      }
    });
  }

  it('says it is reconnecting, and waits with everything that needs the server', async () => {
    await mount('internal');
    await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-open').click();
    await h.call('setConnection', { state: 'reconnecting', detail: 'transport close' });
    expect(await h.page.getByTestId('connection-banner').innerText()).toBe('Connection to Contoso lost. Reconnecting by itself… (transport close)');
    expect(await h.page.getByTestId('connection-state').getAttribute('data-state')).toBe('reconnecting');
    expect(await h.page.getByTestId('composer').isDisabled()).toBe(true);
    expect(await h.page.getByTestId('presence-state').isDisabled()).toBe(true);
    expect(await h.page.getByTestId('add-contact-submit').isDisabled()).toBe(true);
    await h.call('setConnection', { state: 'connected' });
    expect(await h.page.getByTestId('connection-banner').count()).toBe(0);
    expect(await h.page.getByTestId('composer').isDisabled()).toBe(false);
  });

  it("shows an internal user's privacy settings as the server holds them", async () => {
    await mount('internal');
    await h.page.getByTestId('tab-privacy').click();
    await h.page.getByTestId('subscription-setting-block').check();
    expect(await calls()).toEqual(['settings {"subscriptionSetting":"block"}']);
    expect(await h.page.locator('[data-testid="subscription-setting"]').getAttribute('data-setting')).toBe('block');
    expect(await h.page.getByTestId('enablement').innerText()).toMatch(/Public IM on[\s\S]*Federation on/);
  });

  it('gives a provider user her provider, her verification, and a Block list only', async () => {
    await mount('provider');
    expect(await h.page.getByTestId('me-side').textContent()).toBe('Yahoo!');
    expect(await h.page.locator('fl-own-presence .tags').innerText()).toContain('verified');
    expect(await h.page.getByTestId('prompts').count()).toBe(0);
    await h.page.getByTestId('tab-privacy').click();
    expect(await h.page.getByTestId('privacy-provider').textContent()).toContain('Yahoo! accepts presence requests');
  });

  it('at phone width, shows the list or the conversation, and goes back', async () => {
    await h.page.setViewportSize({ width: 390, height: 844 });
    try {
      await mount('internal');
      expect(await h.page.locator('fl-chat-shell aside').isVisible()).toBe(true);
      expect(await h.page.locator('fl-chat-shell main').isVisible()).toBe(false);
      await h.page.locator('[data-testid="contact"][data-address="yuki@yahoo.test"]').getByTestId('contact-open').click();
      expect(await h.page.locator('fl-chat-shell aside').isVisible()).toBe(false);
      expect(await h.page.getByTestId('composer').isVisible()).toBe(true);
      await h.page.getByTestId('chat-back').click();
      expect(await h.page.locator('fl-chat-shell aside').isVisible()).toBe(true);
      expect(await focused()).toBe('tab-contacts');
    } finally {
      await h.page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
