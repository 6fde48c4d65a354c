import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@fedlab/testkit';
import { ChatPage, WAIT } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

const HTML = '<img src=x onerror=alert(1)><b>bold</b>';

let rig: ClientRig;
let alice: ChatPage;
let yuki: Bot;

beforeAll(async () => {
  rig = await startClientRig({ allow: ['yahoo'] });
  yuki = await rig.d.bot('yuki@yahoo.test');
  alice = await ChatPage.open(rig);
  await alice.signIn('alice@contoso.test');
});

afterAll(() => rig?.close());

describe('text with HTML in it', () => {
  it('arrives as literal text: in a message, in a presence note, both ways', async () => {
    expect((await yuki.addContact('alice@contoso.test')).code).toBe(202);
    await alice.prompt('yuki@yahoo.test').getByTestId('prompt-allow').click();
    expect((await alice.addContact('yuki@yahoo.test')).code).toBe('200');

    await yuki.setPresence({ state: 'busy', note: HTML });
    await alice.seesPresence('yuki@yahoo.test', 'busy', HTML);

    const { answer, session } = await yuki.invite('alice@contoso.test');
    expect(answer.code).toBe(200);
    expect((await yuki.send(session.id, HTML)).code).toBe(200);
    await alice.page.locator('[data-testid="toast"][data-peer="yuki@yahoo.test"]').getByTestId('toast-open').click();
    const message = alice.incoming(HTML);
    expect(await message.getByTestId('message-text').textContent()).toBe(HTML);
    expect(await alice.chat('yuki@yahoo.test').getByTestId('chat-note').textContent()).toBe(HTML);

    // Nothing of it became markup anywhere on the page, and no script ran.
    expect(await alice.page.locator('img').count()).toBe(0);
    expect(await alice.page.locator('b').count()).toBe(0);
    expect(alice.dialogs).toEqual([]);

    await alice.send(`echo: ${HTML}`);
    await expect.poll(() => alice.messageState(alice.outgoing(`echo: ${HTML}`)), WAIT).toBe('delivered');
    expect((await yuki.message(`echo: ${HTML}`)).text).toBe(`echo: ${HTML}`);
    expect(alice.errors).toEqual([]);
  });
});
