import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@fedlab/testkit';
import { keepScreenshot } from '../support/browser.ts';
import { ChatPage } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

let rig: ClientRig;
let alice: ChatPage;
let yuki: Bot;
let sam: Bot;

beforeAll(async () => {
  rig = await startClientRig({ allow: ['yahoo', 'msn'] });
  yuki = await rig.d.bot('yuki@yahoo.test');
  sam = await rig.d.bot('sam@hotmail.test');
  alice = await ChatPage.open(rig);
});

afterAll(() => rig?.close());

describe("an internal user's privacy, in the page", () => {
  it('a prompt that waited while she was away is there at sign-in; Block puts the asker on the Block list', async () => {
    expect((await yuki.addContact('alice@contoso.test')).code).toBe(202);
    await alice.signIn('alice@contoso.test');
    const prompt = alice.prompt('yuki@yahoo.test');
    await prompt.waitFor();
    await prompt.getByTestId('prompt-block').click();
    await prompt.waitFor({ state: 'detached' });
    await alice.page.getByTestId('tab-privacy').click();
    await alice.page.locator('[data-testid="block-list"] [data-testid="list-entry"][data-address="yuki@yahoo.test"]').waitFor();
    // Rule 9: Yuki sees Alice as a sign-out shows her: offline, his subscription as it was.
    await yuki.until(() => yuki.contacts.get('alice@contoso.test')?.subscription === 'active', 'yuki is shown the subscription accepted');
    expect(yuki.contacts.get('alice@contoso.test')?.presence).toEqual({ state: 'offline', note: '' });
  });

  it('the setting Allow accepts a verified request without asking', async () => {
    await alice.page.getByTestId('subscription-setting-allow').check();
    // The panel shows what the server holds once the home server has stored it.
    await alice.page.locator('[data-testid="subscription-setting"][data-setting="allow"]').waitFor();
    expect((await sam.subscribe('alice@contoso.test')).code).toBe(200);
    expect(await alice.prompt('sam@hotmail.test').count()).toBe(0);
  });

  it('"block IM from people not on my Allow list" refuses a verified stranger’s invitation', async () => {
    await alice.page.getByTestId('block-im-non-allow').check();
    await alice.page.locator('[data-testid="block-im-setting"][data-on="true"]').waitFor();
    const { answer } = await sam.invite('alice@contoso.test');
    expect({ code: answer.code, reason: answer.diagnostic.reason }).toEqual({ code: 403, reason: 'forbidden' });
    await keepScreenshot(alice.page, 'client-privacy');
  });

  it('removing someone from the Block list and adding to the Allow list, through the page', async () => {
    await alice.page.locator('[data-testid="block-list"] [data-testid="list-entry"][data-address="yuki@yahoo.test"]').getByTestId('list-remove').click();
    await alice.page.getByTestId('allow-add-address').fill('sam@hotmail.test');
    await alice.page.getByTestId('allow-add-submit').click();
    await alice.page.locator('[data-testid="allow-list"] [data-testid="list-entry"][data-address="sam@hotmail.test"]').waitFor();
    await alice.page.locator('[data-testid="block-list"] [data-testid="list-entry"]').waitFor({ state: 'detached' });
    // On her Allow list now, Sam gets through despite "block IM from people not on my Allow list".
    expect((await sam.invite('alice@contoso.test')).answer.code).toBe(200);
    expect(alice.errors).toEqual([]);
  });
});
