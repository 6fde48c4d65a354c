import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerFor } from '@fedlab/protocol';
import { FRIEND, FakeEdge, TROLL, YUKI, closeAll, fromOutside, http, signIn, startHome, until } from './home.test-support.ts';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const ERIN = 'erin@contoso.test';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-home-'));
});
afterEach(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('what admins and users set survives a restart of the home server', () => {
  it('keeps enablement, run-time users, lists, settings, the note, waiting prompts and both sides of subscriptions', async () => {
    const database = join(dir, 'home.db');
    const edge = await FakeEdge.start();
    edge.answer = (request) => answerFor(request.id, 'accepted-by-provider', 'provider', { presence: { state: 'available', note: '' } });
    const first = await startHome(edge.url, { database });
    await http(first.url, 'PATCH', '/api/users/dave@contoso.test/enablement', { body: { publicIm: true } });
    await http(first.url, 'POST', '/api/users', { body: { address: 'hana@contoso.test', displayName: 'Hana' } });
    const alice = await signIn(first.url, ALICE);
    await alice.changeList('allow', 'add', 'sam@hotmail.test');
    await alice.changeList('block', 'add', 'amy@aim.test');
    await alice.setSettings({ subscriptionSetting: 'allow', blockImFromNonAllowList: true });
    await alice.setPresence({ state: 'away', note: 'on leave' });
    expect((await alice.subscribe(YUKI)).code).toBe(200);
    expect((await edge.send(fromOutside('subscribe', 'keep-0001', BOB))).code).toBe(202);
    expect((await edge.send(fromOutside('subscribe', 'keep-0002', ERIN))).code).toBe(200);
    await first.close();

    const second = await startHome(edge.url, { database });
    await until(() => edge.socket?.connected, 'the new home server dialed the edge');
    const users = (await http(second.url, 'GET', '/api/users')).body as { address: string; enablement: unknown }[];
    expect(users.find((u) => u.address === 'dave@contoso.test')?.enablement).toEqual({ federation: false, publicIm: true });
    expect(users.map((u) => u.address)).toContain('hana@contoso.test');

    const again = await signIn(second.url, ALICE);
    expect(again.profile).toMatchObject({
      lists: { allow: [FRIEND, 'sam@hotmail.test'], block: [TROLL, 'amy@aim.test'] },
      settings: { subscriptionSetting: 'allow', blockImFromNonAllowList: true },
    });
    expect(again.presence).toEqual({ state: 'available', note: 'on leave' });
    const bob = await signIn(second.url, BOB);
    expect(bob.prompts).toMatchObject([{ from: YUKI, requestId: 'keep-0001' }]);
    // Alice's subscription to Yuki is still hers: Yuki's presence update is taken.
    expect((await edge.send(fromOutside('notify', 'keep-0003', ALICE, { presence: { state: 'busy', note: '' }, subscription: 'active' }))).code).toBe(200);
    // Yuki still watches Erin: her sign-in reaches him.
    await signIn(second.url, ERIN);
    await until(() => edge.receivedOf('notify').some((n) => n.from === ERIN && n.to === YUKI), 'Yuki hears Erin signed in');
  });
});
