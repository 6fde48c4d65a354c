import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot } from '../support/browser.ts';
import { ChatPage, WAIT } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let rig: ClientRig;
let alice: ChatPage;
let yuki: ChatPage;

beforeAll(async () => {
  rig = await startClientRig({ allow: ['yahoo'] });
  alice = await ChatPage.open(rig);
  yuki = await ChatPage.open(rig);
});

afterAll(() => rig?.close());

describe('an internal user and a Yahoo! user, each in a browser page', () => {
  it('sign in: each page picks its person from the topology directory', async () => {
    await alice.page.locator('[data-testid="directory-user"][data-address="yuki@yahoo.test"]').waitFor();
    await keepScreenshot(alice.page, 'client-sign-in');
    await alice.signIn('alice@contoso.test');
    await yuki.signIn('yuki@yahoo.test');
    expect(await alice.page.getByTestId('me-side').textContent()).toBe('Contoso');
    expect(await yuki.page.getByTestId('me-side').textContent()).toBe('Yahoo!');
  });

  it('Yuki adds Alice: pending, and Alice is asked in her page (Yahoo!, verified)', async () => {
    const answer = await yuki.addContact('alice@contoso.test');
    expect(answer.code).toBe('202');
    expect(answer.text).toContain('The recipient is being asked.');
    const prompt = alice.prompt('yuki@yahoo.test');
    await prompt.waitFor();
    expect(await prompt.getByTestId('prompt-provider').textContent()).toBe('Yahoo!');
    expect(await prompt.getByTestId('prompt-verification').textContent()).toBe('verified');
    expect(await prompt.getByTestId('prompt-name').textContent()).toBe('Yuki Yamada');
    await keepScreenshot(alice.page, 'client-prompt');

    await prompt.getByTestId('prompt-allow').click();
    await prompt.waitFor({ state: 'detached' });
    await yuki.seesPresence('alice@contoso.test', 'available');
  });

  it('Alice adds Yuki back: accepted by the provider', async () => {
    const answer = await alice.addContact('yuki@yahoo.test');
    expect(answer.code).toBe('200');
    await alice.seesPresence('yuki@yahoo.test', 'available');
    expect(await alice.contact('yuki@yahoo.test').getByTestId('contact-provider').textContent()).toBe('Yahoo!');
  });

  it("each sees the other's presence and note change", async () => {
    await yuki.setPresence('busy', 'in a meeting until 3');
    await alice.seesPresence('yuki@yahoo.test', 'busy', 'in a meeting until 3');
    await alice.setPresence('away', 'lunch');
    await yuki.seesPresence('alice@contoso.test', 'away', 'lunch');
    await keepScreenshot(alice.page, 'client-contacts');
    await alice.setPresence('available', '');
    await yuki.seesPresence('alice@contoso.test', 'available');
  });

  it('they chat both ways, with a typing indicator and delivered states', async () => {
    await yuki.openChat('alice@contoso.test');
    await yuki.send('Hi Alice! Yuki from Yahoo! here.');
    await expect.poll(() => yuki.messageState(yuki.outgoing('Hi Alice! Yuki from Yahoo! here.')), WAIT).toBe('delivered');

    // Alice is told, opens the conversation from the notice, and reads the message.
    await alice.page.locator('[data-testid="toast"][data-peer="yuki@yahoo.test"]').getByTestId('toast-open').click();
    await alice.incoming('Hi Alice! Yuki from Yahoo! here.').waitFor();

    // Yuki sees Alice typing before her reply arrives.
    await alice.page.getByTestId('composer').pressSequentially('Hello');
    await expect.poll(() => yuki.page.getByTestId('typing-indicator').textContent(), WAIT).toBe('Alice Anders is typing…');
    await alice.page.getByTestId('composer').press('Enter');
    await expect.poll(() => alice.messageState(alice.outgoing('Hello')), WAIT).toBe('delivered');
    await yuki.incoming('Hello').waitFor();
    await expect.poll(() => yuki.page.getByTestId('typing-indicator').isHidden(), WAIT).toBe(true);

    // Shift+Enter makes a new line; Enter sends both lines as one message.
    const composer = yuki.page.getByTestId('composer');
    await composer.pressSequentially('Two lines:');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('second line');
    await composer.press('Enter');
    await alice.incoming('Two lines:\nsecond line').waitFor();
    await keepScreenshot(yuki.page, 'client-chat');
    await keepScreenshot(alice.page, 'client-chat-alice');
  });

  it('Alice ends the conversation; both see it ended, and the next message starts a new one', async () => {
    await alice.page.getByTestId('end-session').click();
    await alice.page.getByText('You ended the conversation.').waitFor();
    await yuki.page.getByText('Alice Anders ended the conversation.').waitFor();
    await yuki.send('One more thing');
    await expect.poll(() => yuki.messageState(yuki.outgoing('One more thing')), WAIT).toBe('delivered');
    await alice.incoming('One more thing').waitFor();
  });

  it('is usable at phone width: the list, then the conversation, then back', async () => {
    await yuki.page.setViewportSize({ width: 390, height: 844 });
    await yuki.page.getByTestId('chat-back').click();
    await yuki.contact('alice@contoso.test').waitFor();
    expect(await yuki.chat('alice@contoso.test').count()).toBe(0);
    await keepScreenshot(yuki.page, 'client-phone-contacts');
    await yuki.openChat('alice@contoso.test');
    await yuki.send('Sent from my phone');
    await alice.incoming('Sent from my phone').waitFor();
    const phone = await keepScreenshot(yuki.page, 'client-phone-chat');
    expect(yuki.errors).toEqual([]);
    expect(alice.errors).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(phone, `${SCREENSHOTS}client-phone.png`);
    copyFileSync(phone.replace('client-phone-chat', 'client-chat-alice'), `${SCREENSHOTS}client.png`);
  });
});
