import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@fedlab/testkit';
import { keepScreenshot } from '../support/browser.ts';
import { ChatPage, WAIT } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

let rig: ClientRig;
let yuki: ChatPage;
let alice: Bot;

beforeAll(async () => {
  rig = await startClientRig({ allow: ['yahoo'] });
  alice = await rig.d.bot('alice@contoso.test');
  yuki = await ChatPage.open(rig);
  await yuki.signIn('yuki@yahoo.test');
});

afterAll(() => rig?.close());

describe('a message from a temporarily blocked provider', () => {
  it('shows its sender, in the page, that it failed and why', async () => {
    expect((await yuki.addContact('alice@contoso.test')).code).toBe('202');
    await alice.answerPrompt((await alice.prompt('yuki@yahoo.test')).id, 'allow');
    await yuki.seesPresence('alice@contoso.test', 'available');

    await yuki.openChat('alice@contoso.test');
    await yuki.send('before the block');
    await expect.poll(() => yuki.messageState(yuki.outgoing('before the block')), WAIT).toBe('delivered');
    await alice.message('before the block');

    await rig.d.admin.blockProvider('yahoo');
    // Rule 8: the block ends the conversation at once, on both sides; writing again is a new invitation.
    await yuki.page.getByText('Alice Anders ended the conversation.').waitFor();
    await yuki.send('during the block');
    const failed = yuki.outgoing('during the block');
    await expect.poll(() => yuki.messageState(failed), WAIT).toBe('failed');
    expect(await failed.getByTestId('message-state').textContent()).toBe('Not delivered');
    const answer = failed.getByTestId('message-failure').getByTestId('answer');
    // The public form: an outsider learns the code and a public reason, not which setting decided.
    expect(await answer.getAttribute('data-code')).toBe('403');
    expect(await answer.getAttribute('data-reason')).toBe('forbidden');
    expect(await answer.getByTestId('answer-sentence').textContent()).toBe('The recipient does not accept this request.');
    // The answer shows once, on the message.
    expect(await yuki.chat('alice@contoso.test').getByTestId('answer').count()).toBe(1);
    await keepScreenshot(yuki.page, 'client-blocked-provider');

    // Sentinel: once Yahoo! is allowed again, the next message opens a new session and arrives; the blocked one never did.
    await rig.d.admin.allowProvider('yahoo');
    await yuki.send('after the block');
    await expect.poll(() => yuki.messageState(yuki.outgoing('after the block')), WAIT).toBe('delivered');
    await alice.message('after the block');
    expect(alice.hasReceived('during the block')).toBe(false);
    expect(yuki.errors).toEqual([]);
  });
});
