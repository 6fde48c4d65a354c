import { describe, expect, it } from 'vitest';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';

describe('a verified subscription from someone on neither list', () => {
  it('setting Allow: accepted at once', async () => {
    const erin = await d().bot('erin@contoso.test');
    const yuki = await d().bot(YUKI);
    expect(await outcome(d(), await yuki.subscribe('erin@contoso.test'))).toMatchObject({ code: 200, reason: 'accepted-by-setting', hop: 'home' });
    await erin.setPresence({ state: 'be-right-back', note: '' });
    await yuki.seesPresence('erin@contoso.test', 'be-right-back');
  });

  it('setting Block: rejected, and the sender learns only "forbidden"', async () => {
    const alice = await d().bot(ALICE);
    await alice.setSettings({ subscriptionSetting: 'block' });
    const yuki = await d().bot(YUKI);
    const answer = await yuki.subscribe(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'subscription-setting-block', hop: 'home' });
    expect(answer.diagnostic.hop).toBe('edge');
  });

  it('setting Prompt, answered Allow: the sender goes on the Allow list and sees presence', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    expect((await yuki.subscribe(ALICE)).code).toBe(202);
    const prompt = await alice.prompt(YUKI);
    expect((await alice.answerPrompt(prompt.id, 'allow')).ok).toBe(true);
    await alice.until(() => alice.profile?.lists.allow.includes(YUKI), 'yuki on the Allow list');
    await yuki.seesPresence(ALICE, 'available');
    await alice.setPresence({ state: 'do-not-disturb', note: 'focus' });
    await yuki.seesPresence(ALICE, 'do-not-disturb', 'focus');
    const trace = await d().admin.trace(prompt.requestId);
    expect(trace.decisions.map((x) => x.reason)).toEqual(expect.arrayContaining(['pending-prompt', 'accepted-by-prompt']));
  });

  it('setting Prompt, answered Block: the sender goes on the Block list and sees her offline', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await yuki.subscribe(ALICE);
    const prompt = await alice.prompt(YUKI);
    await alice.answerPrompt(prompt.id, 'block');
    await alice.until(() => alice.profile?.lists.block.includes(YUKI), 'yuki on the Block list');
    // Rule 9: as if she had accepted and were offline.
    await yuki.until(() => yuki.contacts.get(ALICE)?.subscription === 'active', 'the subscription is shown accepted');
    expect(yuki.presenceOf(ALICE)).toEqual({ state: 'offline', note: '' });
    // From now on Yuki is answered as if Alice were offline, never "blocked".
    const { answer } = await yuki.invite(ALICE);
    expect(answer).toMatchObject({ code: 480, diagnostic: { reason: 'temporarily-unavailable' } });
  });

  it('a prompt waits while the recipient is signed out, and is answered after sign-in', async () => {
    const yuki = await d().bot(YUKI);
    expect((await yuki.subscribe(ALICE)).code).toBe(202);
    // Asking again while it waits does not make a second prompt.
    expect((await yuki.subscribe(ALICE)).code).toBe(202);
    const alice = await d().bot(ALICE);
    expect(alice.prompts.map((p) => p.from)).toEqual([YUKI]);
    await alice.answerPrompt(alice.prompts[0]!.id, 'allow');
    await yuki.seesPresence(ALICE, 'available');
    alice.close();
    await yuki.seesPresence(ALICE, 'offline');
  });

  it('answering a prompt that is not yours, or twice, is refused and changes nothing', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await yuki.subscribe(ALICE);
    const prompt = await alice.prompt(YUKI);
    const erin = await d().bot('erin@contoso.test');
    expect(await erin.answerPrompt(prompt.id, 'allow')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await alice.answerPrompt(prompt.id, 'block')).toEqual({ ok: true });
    expect(await alice.answerPrompt(prompt.id, 'allow')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(alice.profile?.lists.allow).not.toContain(YUKI);
  });
});

describe('block IM from people who are not on my Allow list', () => {
  it('rejects a verified stranger\'s invitation, accepts a contact\'s', async () => {
    const frank = await d().bot('frank@contoso.test');
    const yuki = await d().bot(YUKI);
    const rejected = await yuki.invite('frank@contoso.test');
    expect(await outcome(d(), rejected.answer)).toMatchObject({ code: 403, reason: 'im-blocked-not-on-allow-list', hop: 'client' });
    await frank.changeList('allow', 'add', YUKI);
    const accepted = await yuki.invite('frank@contoso.test');
    expect(await outcome(d(), accepted.answer)).toMatchObject({ code: 200, reason: 'accepted-on-allow-list', hop: 'client' });
  });

  it('off by default: a verified stranger gets through', async () => {
    await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    expect((await yuki.invite(ALICE)).answer.code).toBe(200);
  });
});

describe('the Block list beats the Allow list', () => {
  it('a sender on both lists is answered as if the recipient were offline', async () => {
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', YUKI);
    await alice.changeList('block', 'add', YUKI);
    const yuki = await d().bot(YUKI);
    const sub = await yuki.subscribe(ALICE);
    expect(await outcome(d(), sub)).toMatchObject({ code: 200, seen: 'accepted', reason: 'sender-on-block-list', hop: 'home' });
    expect(sub.presence).toEqual({ state: 'offline', note: '' });
    const { answer } = await yuki.invite(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 480, reason: 'sender-on-block-list' });
    expect(alice.history.some((h) => h.event === 'incoming')).toBe(false);
  });
});
