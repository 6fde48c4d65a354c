/**
 * The chat client as a new user tries it (issue 10), at 1280 px and at 390 px: readable contact rows with answers
 * as badges, one answer per refusal, "Offline" for a blocked sender, plain sign-in errors, the status and note
 * after signing in again, and the conversation after a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@fedlab/testkit';
import { keepScreenshot } from '../support/browser.ts';
import { ChatPage, WAIT } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

let rig: ClientRig;
beforeAll(async () => {
  rig = await startClientRig({ allow: ['yahoo'] });
});
afterAll(() => rig?.close());

const WIDTHS = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

describe.each(WIDTHS)('the chat client at $width px', (viewport) => {
  let page: ChatPage;
  beforeAll(async () => {
    page = await ChatPage.open(rig, viewport);
  });
  afterAll(() => page?.close());

  it('says in plain words that there is no such user', async () => {
    await page.page.getByTestId('sign-in-address').fill('nobody@contoso.test');
    await page.page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.page.getByTestId('sign-in-error').textContent(), WAIT).toBe('There is no user nobody@contoso.test here.');
    await keepScreenshot(page.page, `client-sign-in-error-${viewport.width}`);
  });

  it('keeps a contact row readable: a rejected request is a short badge, its reason on demand', async () => {
    const address = viewport.width === 390 ? 'carol@contoso.test' : 'bob@contoso.test';
    await page.signIn(address);
    // MSN is not allowed: a request to an MSN user is refused at the edge.
    const answer = await page.addContact('sam@hotmail.test');
    expect(answer.code).toBe('403');
    await page.page.getByTestId('add-contact-dismiss').click().catch(() => undefined);
    const row = page.contact('sam@hotmail.test');
    await row.getByTestId('contact-answer').waitFor();
    expect(await row.getByTestId('contact-answer').textContent()).toBe('403');
    const name = row.getByTestId('contact-name');
    expect(await name.evaluate((e) => e.scrollWidth <= e.clientWidth || e.clientWidth >= 100)).toBe(true);
    expect((await row.boundingBox())!.height).toBeLessThan(90);
    await row.getByTestId('contact-answer').click();
    expect(await row.getByTestId('answer-code').textContent()).toBe('403 provider-blocked');
    await keepScreenshot(page.page, `client-contacts-${viewport.width}`);
  });

  it('shows a refused invitation’s answer once, on the text it stopped', async () => {
    await page.openChat('sam@hotmail.test');
    await page.send('hello MSN?');
    await expect.poll(() => page.messageState(page.outgoing('hello MSN?')), WAIT).toBe('failed');
    const chat = page.chat('sam@hotmail.test');
    expect(await chat.getByTestId('answer').count()).toBe(1);
    expect(await chat.locator('[data-testid="session-notice"][data-tone="error"]').innerText()).toContain('could not be invited');
    // The composer's Send stays on screen and free.
    const send = (await page.page.getByTestId('send').boundingBox())!;
    expect(send.y + send.height).toBeLessThanOrEqual(viewport.height);
    await keepScreenshot(page.page, `client-refused-${viewport.width}`);
  });
});

describe('a person, signed in again and after a reload', () => {
  let alice: ChatPage;
  let yuki: Bot;
  beforeAll(async () => {
    yuki = await rig.d.bot('yuki@yahoo.test');
    alice = await ChatPage.open(rig);
    await alice.signIn('alice@contoso.test');
  });
  afterAll(() => alice?.close());

  it('gets her status and note back the same way, after signing out and in and after a reload', async () => {
    await alice.setPresence('busy', 'in the lab until 5');
    await yuki.addContact('alice@contoso.test');
    await alice.prompt('yuki@yahoo.test').getByTestId('prompt-allow').click();
    await yuki.seesPresence('alice@contoso.test', 'busy', 'in the lab until 5');
    await alice.page.getByTestId('sign-out').click();
    await alice.signIn('alice@contoso.test');
    await expect.poll(() => alice.page.getByTestId('presence-state').inputValue(), WAIT).toBe('busy');
    expect(await alice.page.getByTestId('presence-note').inputValue()).toBe('in the lab until 5');
    await yuki.seesPresence('alice@contoso.test', 'busy', 'in the lab until 5');
    await alice.page.reload();
    await alice.connected();
    await expect.poll(() => alice.page.getByTestId('presence-state').inputValue(), WAIT).toBe('busy');
    expect(await alice.page.getByTestId('presence-note').inputValue()).toBe('in the lab until 5');
  });

  it('keeps the conversation across a reload', async () => {
    const { session } = await yuki.invite('alice@contoso.test');
    await yuki.send(session.id, 'before the reload');
    await alice.page.locator('[data-testid="toast"][data-peer="yuki@yahoo.test"]').getByTestId('toast-open').click();
    await alice.incoming('before the reload').waitFor();
    await alice.send('me too');
    await expect.poll(() => alice.messageState(alice.outgoing('me too')), WAIT).toBe('delivered');
    await alice.page.reload();
    await alice.connected();
    await alice.openChat('yuki@yahoo.test');
    await alice.incoming('before the reload').waitFor();
    expect(await alice.messageState(alice.outgoing('me too'))).toBe('delivered');
    await alice.page.getByText('The page was reloaded: your next message starts a new conversation.').waitFor();
    await alice.send('after the reload');
    await yuki.message('after the reload');
    await keepScreenshot(alice.page, 'client-after-reload');
  });

  it('shows a contact who blocked her as Offline, never as "no longer shares presence"', async () => {
    await alice.addContact('yuki@yahoo.test');
    await alice.seesPresence('yuki@yahoo.test', 'available');
    await yuki.changeList('block', 'add', 'alice@contoso.test');
    await alice.seesPresence('yuki@yahoo.test', 'offline');
    expect(await alice.contact('yuki@yahoo.test').getByTestId('contact-presence').textContent()).toBe('Offline');
    expect(await alice.page.getByText('No longer shares presence').count()).toBe(0);
    expect(alice.errors).toEqual([]);
  });
});
