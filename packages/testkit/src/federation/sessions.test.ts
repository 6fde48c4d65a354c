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

  it('a provider blocked during a session stops the next message and ends the session on both sides', async () => {
    const { alice, yuki, session } = await openSession();
    await d().admin.blockProvider('yahoo');
    const stopped = await yuki.send(session.id, 'after the block');
    expect(await outcome(d(), stopped)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'provider-blocked', hop: 'edge' });
    expect(stopped.endsDialog).toBe(true);
    expect(yuki.sessions.get(session.id)?.state).toBe('ended');
    await alice.sessionEnded(session.id);
    expect(alice.hasReceived('after the block')).toBe(false);
  });

  it('the same block stops the internal side\'s next message too, and the outside hears the session ended', async () => {
    const { alice, yuki, session, incoming } = await openSession();
    await d().admin.blockProvider('yahoo');
    const stopped = await alice.send(incoming.id, 'reply after the block');
    expect(await outcome(d(), stopped)).toMatchObject({ code: 403, seen: 'provider-blocked', rule: 'outbound.1-edge' });
    await yuki.sessionEnded(session.id);
    expect(yuki.hasReceived('reply after the block')).toBe(false);
  });

  it('a sender put on the Block list during a session: the next message gets "unavailable" and the session ends', async () => {
    const { alice, yuki, session } = await openSession();
    await alice.changeList('block', 'add', YUKI);
    const stopped = await yuki.send(session.id, 'blocked now');
    expect(stopped).toMatchObject({ code: 480, endsDialog: true, diagnostic: { reason: 'temporarily-unavailable' } });
    expect(await outcome(d(), stopped)).toMatchObject({ reason: 'sender-on-block-list', hop: 'home' });
    await alice.sessionEnded(session.id);
    expect(alice.hasReceived('blocked now')).toBe(false);
  });

  it('an offline recipient: 480 at once', async () => {
    const yuki = await d().bot(YUKI);
    const { answer } = await yuki.invite(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 480, seen: 'temporarily-unavailable', reason: 'recipient-offline', hop: 'home' });
  });
});

describe('presence subscriptions that end', () => {
  it('a provider blocked while subscribed: the next update ends the subscription, the outside sees offline', async () => {
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', YUKI);
    const yuki = await d().bot(YUKI);
    expect((await yuki.subscribe(ALICE)).code).toBe(200);
    await alice.setPresence({ state: 'busy', note: 'visible' });
    await yuki.seesPresence(ALICE, 'busy', 'visible');
    await d().admin.blockProvider('yahoo');
    await alice.setPresence({ state: 'away', note: 'must not cross' });
    await yuki.until(() => yuki.contacts.get(ALICE)?.subscription === 'terminated', 'the subscription ended');
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
