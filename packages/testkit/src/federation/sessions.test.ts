import { describe, expect, it } from 'vitest';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';

async function openSession() {
  const alice = await d().bot(ALICE);
  const yuki = await d().bot(YUKI);
  const { session } = await yuki.invite(ALICE);
  const incoming = await alice.invitation(YUKI);
  expect((await yuki.send(session.id, 'first')).code).toBe(200);
  await alice.message('first');
  return { alice, yuki, session, incoming };
}

describe('IM sessions', () => {
  it('chat both ways, typing, and an end that both sides see', async () => {
    const { alice, yuki, session, incoming } = await openSession();
    await alice.typing(incoming.id);
    await yuki.until(() => yuki.sessions.get(session.id)?.peerTyping, 'alice is typing');
    await alice.send(incoming.id, 'reply');
    await yuki.message('reply');
    await yuki.end(session.id);
    await alice.sessionEnded(session.id);
    const late = await alice.request({ id: 'late-message-1', kind: 'message', to: YUKI, body: { sessionId: session.id, text: 'too late' } });
    expect(late).toMatchObject({ code: 400, diagnostic: { reason: 'not-in-session' } });
    expect(yuki.hasReceived('too late')).toBe(false);
  });

  it('a provider blocked during a session ends it at once on both sides; writing again is a new invitation, refused', async () => {
    const { alice, yuki, session, incoming } = await openSession();
    await d().admin.blockProvider('yahoo');
    await yuki.sessionEnded(session.id);
    await alice.sessionEnded(incoming.id);
    const audit = (await d().admin.audit()).at(-1);
    expect(audit).toMatchObject({ action: 'provider.update', target: 'yahoo', dialogsEnded: 1 });
    const stopped = await yuki.send(session.id, 'after the block');
    expect(await outcome(d(), stopped)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'provider-blocked', hop: 'edge' });
    expect([...yuki.sessions.values()].filter((s) => s.state !== 'ended')).toEqual([]);
    expect(alice.hasReceived('after the block')).toBe(false);
  });

  it('the same block stops the internal side too: writing again is a new invitation, refused at the edge', async () => {
    const { alice, yuki, session, incoming } = await openSession();
    await d().admin.blockProvider('yahoo');
    await alice.sessionEnded(incoming.id);
    const stopped = await alice.send(incoming.id, 'reply after the block');
    expect(await outcome(d(), stopped)).toMatchObject({ code: 403, seen: 'provider-blocked', rule: 'outbound.1-edge' });
    await yuki.sessionEnded(session.id);
    expect(yuki.hasReceived('reply after the block')).toBe(false);
  });

  it('a sender put on the Block list during a session: the session ends as if she signed out; writing again gets "unavailable"', async () => {
    const { alice, yuki, session } = await openSession();
    await alice.changeList('block', 'add', YUKI);
    await yuki.sessionEnded(session.id);
    expect(yuki.sessions.get(session.id)?.endedBecause).toBe('ended-by-peer');
    await alice.sessionEnded(session.id);
    const typing = await yuki.typing(session.id);
    expect(typing).toBeUndefined();
    const stopped = await yuki.send(session.id, 'blocked now');
    expect(stopped).toMatchObject({ code: 480, diagnostic: { reason: 'temporarily-unavailable' } });
    expect(await outcome(d(), stopped)).toMatchObject({ reason: 'sender-on-block-list', hop: 'home' });
    expect(alice.hasReceived('blocked now')).toBe(false);
  });

  it('an offline recipient: 480 at once', async () => {
    const yuki = await d().bot(YUKI);
    const { answer } = await yuki.invite(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 480, seen: 'temporarily-unavailable', reason: 'recipient-offline', hop: 'home' });
  });
});

describe('presence subscriptions that end', () => {
  it('a provider blocked while subscribed: the subscription ends at once, the outside sees offline', async () => {
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', YUKI);
    const yuki = await d().bot(YUKI);
    expect((await yuki.subscribe(ALICE)).code).toBe(200);
    await alice.setPresence({ state: 'busy', note: 'visible' });
    await yuki.seesPresence(ALICE, 'busy', 'visible');
    await d().admin.blockProvider('yahoo');
    await yuki.until(() => yuki.contacts.get(ALICE)?.subscription === 'terminated', 'the subscription ended');
    await alice.setPresence({ state: 'away', note: 'must not cross' });
    expect(yuki.presenceOf(ALICE)).toEqual({ state: 'offline', note: '' });
    expect(yuki.history.some((h) => h.event === 'presence' && (h.args[1] as { note: string }).note === 'must not cross')).toBe(false);
  });

  it('a watcher put on the Block list sees the user offline at once, and no more updates', async () => {
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', YUKI);
    const yuki = await d().bot(YUKI);
    await yuki.subscribe(ALICE);
    await yuki.seesPresence(ALICE, 'available');
    await alice.changeList('block', 'add', YUKI);
    await yuki.seesPresence(ALICE, 'offline');
    await alice.setPresence({ state: 'busy', note: 'secret' });
    // Sentinel: an unblocked colleague sees the update; the blocked watcher never does.
    const dave = await d().bot('dave@contoso.test');
    await dave.subscribe(ALICE);
    await alice.setPresence({ state: 'busy', note: 'sentinel' });
    await dave.seesPresence(ALICE, 'busy', 'sentinel');
    expect(yuki.presenceOf(ALICE)?.state).toBe('offline');
  });

  it('presence flows from the outside in', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    expect((await alice.addContact(YUKI)).code).toBe(200);
    await yuki.setPresence({ state: 'be-right-back', note: 'coffee' });
    await alice.seesPresence(YUKI, 'be-right-back', 'coffee');
    yuki.close();
    await alice.seesPresence(YUKI, 'offline');
  });
});
