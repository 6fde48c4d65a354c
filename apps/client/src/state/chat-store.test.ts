import { describe, expect, it } from 'vitest';
import { answerFor, toPublic } from '@fedlab/protocol';
import type { ChatMessage, Session } from '@fedlab/sdk';
import { FakeClient, ME } from '../test-support/fake-client.ts';
import { ChatStore } from './chat-store.ts';

const ALICE = 'alice@contoso.test';

/** A clock and timers the test moves by hand. */
function manualTime() {
  let now = 1000;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
        t.cancelled = true;
        t.run();
      }
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}

function setup() {
  const client = new FakeClient();
  const time = manualTime();
  const store = new ChatStore(client, { now: time.now, setTimer: time.setTimer, nameOf: (a) => (a === ALICE ? 'Alice Anders' : a), typingShownMs: 6000, typingEveryMs: 3000, toastMs: 8000 });
  let changes = 0;
  store.onChange(() => changes++);
  return { client, time, store, changes: () => changes };
}

function incoming(client: FakeClient, id: string, peer = ALICE): Session {
  const session: Session = { id, peer, state: 'open', outgoing: false, messages: [], peerTyping: false };
  client.sessions.set(id, session);
  client.fire('invitation', session);
  client.fire('session', session);
  return session;
}

function receive(client: FakeClient, session: Session, text: string): ChatMessage {
  const message: ChatMessage = { id: `in-${text}`, sessionId: session.id, from: session.peer, text, at: 5 };
  session.messages.push(message);
  client.fire('message', message);
  return message;
}

describe('ChatStore: sending', () => {
  it('invites first when no session is open, showing the text as sending meanwhile, then sends it', async () => {
    const { client, store } = setup();
    client.holdInvites();
    const sending = store.sendTo(ALICE, 'hello');
    expect(store.timeline(ALICE, 'Alice').map((i) => [i.kind, i.kind === 'message' ? i.state : i.text])).toEqual([
      ['notice', 'Inviting Alice…'],
      ['message', 'sending'],
    ]);
    const second = store.sendTo(ALICE, 'are you there?');
    client.releaseInvite();
    await Promise.all([sending, second]);
    expect(client.calls).toEqual(['invite alice@contoso.test', 'send s1 hello', 'send s1 are you there?']);
    expect(store.queued.get(ALICE)).toEqual([]);
    expect(store.thread(ALICE)?.active?.id).toBe('s1');
  });

  it('sends in the open session', async () => {
    const { client, store } = setup();
    const session = incoming(client, 'in1');
    await store.sendTo(ALICE, 'hi');
    expect(client.calls).toEqual([`send ${session.id} hi`]);
  });

  it('shows text typed for a refused invitation as failed, with the answer', async () => {
    const { client, store } = setup();
    client.inviteAnswer = toPublic(answerFor('i', 'recipient-offline', 'home'));
    await store.sendTo(ALICE, 'hello?');
    expect(client.calls).toEqual(['invite alice@contoso.test']);
    const items = store.timeline(ALICE, 'Alice');
    expect(items[0]).toMatchObject({ kind: 'message', text: 'hello?', state: 'failed', answer: { code: 480 } });
    expect(items[1]).toMatchObject({ kind: 'notice', tone: 'error', text: 'Alice could not be invited: unavailable.' });
  });

  it('sends nothing blank, and refuses text longer than the contract allows', async () => {
    const { client, store } = setup();
    await store.sendTo(ALICE, '  \n ');
    await store.sendTo(ALICE, 'x'.repeat(4001));
    expect(client.calls).toEqual([]);
    expect(store.toasts.map((t) => [t.tone, t.text])).toEqual([['error', 'A message can be at most 4000 characters.']]);
  });

  it('ends the open session', async () => {
    const { client, store } = setup();
    incoming(client, 'in1');
    await store.endWith(ALICE);
    await store.endWith(ALICE);
    expect(client.calls).toEqual(['end in1']);
  });
});

describe('ChatStore: typing', () => {
  it('tells the peer at most every few seconds, and only in an open session', () => {
    const { client, store, time } = setup();
    store.noteTyping(ALICE);
    expect(client.calls).toEqual([]);
    incoming(client, 'in1');
    store.noteTyping(ALICE);
    store.noteTyping(ALICE);
    time.advance(2999);
    store.noteTyping(ALICE);
    time.advance(1);
    store.noteTyping(ALICE);
    expect(client.calls).toEqual(['typing in1', 'typing in1']);
  });

  it('shows the peer typing for a few seconds after her last notice, and not after her message', () => {
    const { client, store, time, changes } = setup();
    const session = incoming(client, 'in1');
    session.peerTyping = true;
    client.fire('typing', session);
    expect(store.isTyping(ALICE)).toBe(true);
    const before = changes();
    time.advance(6000);
    expect(store.isTyping(ALICE)).toBe(false);
    expect(changes()).toBeGreaterThan(before);
    client.fire('typing', session);
    expect(store.isTyping(ALICE)).toBe(true);
    session.peerTyping = false;
    receive(client, session, 'done');
    expect(store.isTyping(ALICE)).toBe(false);
  });
});

describe('ChatStore: unread and notices', () => {
  it('counts messages in conversations not on screen, and tells with a toast that opens them', () => {
    const { client, store } = setup();
    const session = incoming(client, 'in1');
    expect(store.toasts.map((t) => [t.text, t.peer])).toEqual([['Alice Anders started a conversation.', ALICE]]);
    receive(client, session, 'one');
    receive(client, session, 'two');
    expect(store.unread.get(ALICE)).toBe(2);
    expect(store.totalUnread).toBe(2);
    expect(store.toasts.map((t) => t.text)).toEqual(['New message from Alice Anders']);
    store.select(ALICE);
    expect(store.unread.get(ALICE)).toBeUndefined();
    expect(store.toasts).toEqual([]);
    receive(client, session, 'three');
    expect(store.unread.get(ALICE)).toBeUndefined();
  });

  it('lets toasts go by themselves, and keeps at most three', () => {
    const { store, time } = setup();
    for (const text of ['a', 'b', 'c', 'd']) store.reportError(text);
    expect(store.toasts.map((t) => t.text)).toEqual(['b', 'c', 'd']);
    time.advance(8000);
    expect(store.toasts).toEqual([]);
  });

  it('keeps why the connection is in its state', () => {
    const { client, store } = setup();
    client.fire('state', 'reconnecting', 'transport close');
    expect(store.connectionDetail).toBe('transport close');
  });
});

describe('ChatStore: contacts, prompts, presence, lists', () => {
  it('adds a contact and keeps the answer; refuses a non-address and my own address', async () => {
    const { client, store } = setup();
    await store.addContact(' Alice@Contoso.test ');
    expect(store.addResult).toMatchObject({ address: ALICE, busy: false, answer: { code: 202 } });
    await store.addContact('nonsense');
    expect(store.addResult).toEqual({ address: 'nonsense', busy: false, error: 'Enter an address like name@domain.' });
    await store.addContact(ME);
    expect(store.addResult?.error).toBe('That is your own address.');
    expect(client.calls).toEqual(['add alice@contoso.test']);
    store.clearAddResult();
    expect(store.addResult).toBeUndefined();
  });

  it('answers a prompt once while its answer is on its way', async () => {
    const { client, store } = setup();
    const first = store.answerPrompt('p1', 'allow');
    expect(store.answering.has('p1')).toBe(true);
    await store.answerPrompt('p1', 'allow');
    await first;
    expect(store.answering.size).toBe(0);
    expect(client.calls).toEqual(['prompt p1 allow']);
  });

  it('shows a refused command in a toast', async () => {
    const { client, store } = setup();
    client.commandResult = { ok: false, error: { code: 'not-allowed', message: 'Provider users have no Allow/Block/Prompt settings.' } };
    await store.setSettings({ subscriptionSetting: 'allow' });
    await store.changeList('block', 'add', ALICE);
    await store.setPresence({ state: 'busy', note: 'x' });
    expect(store.toasts.map((t) => t.tone)).toEqual(['error', 'error', 'error']);
    expect(client.calls).toEqual(['settings {"subscriptionSetting":"allow"}', `list block add ${ALICE}`, 'presence busy x']);
  });

  it('subscribes and removes through the client', async () => {
    const { client, store } = setup();
    await store.subscribe(ALICE);
    await store.removeContact(ALICE);
    expect(client.calls).toEqual([`subscribe ${ALICE}`, `remove ${ALICE}`]);
  });

  it('stops listening and cancels its timers when disposed', () => {
    const { client, store, time, changes } = setup();
    store.reportError('x');
    store.dispose();
    expect(time.pending()).toBe(0);
    const before = changes();
    client.fire('contacts');
    expect(changes()).toBe(before);
  });
});

describe('ChatStore: what comes back after a reload or the next sign-in', () => {
  it('keeps the conversations, and a new store for the same person shows them, ended', async () => {
    let kept: unknown;
    const history = { load: () => kept, save: (h: unknown) => (kept = h) };
    const client = new FakeClient();
    const store = new ChatStore(client, { history });
    await store.sendTo(ALICE, 'hello before the reload');
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(kept).toMatchObject({ version: 1, sessions: [{ peer: ALICE, messages: [{ text: 'hello before the reload', state: 'delivered' }] }] });

    // (The sdk's session ids are unique; the fake's restart at s1.)
    (kept as { sessions: { id: string }[] }).sessions[0]!.id = 'before-reload';
    const again = new ChatStore(new FakeClient(), { history });
    const thread = again.thread(ALICE)!;
    expect(thread.active).toBeUndefined();
    expect(again.timeline(ALICE, 'Alice').map((i) => i.kind === 'message' ? i.text : i.text)).toEqual([
      'You started a conversation.', 'hello before the reload', 'The page was reloaded: your next message starts a new conversation.',
    ]);
    // The next message invites her again, in a new session.
    await again.sendTo(ALICE, 'after the reload');
    expect(again.thread(ALICE)!.sessions).toHaveLength(2);
  });

  it('sets the status she chose last again at sign-in, with the note the server kept', async () => {
    let status: string | undefined = 'busy';
    const client = new FakeClient();
    client.profile = { address: ME, displayName: 'Yuki', kind: 'provider', provider: 'Yahoo!', lists: { allow: [], block: [] } };
    client.presence = { state: 'available', note: 'kept by the server' };
    const store = new ChatStore(client, { status: { kept: () => status as 'busy', keep: (s) => (status = s) } });
    expect(client.calls).toEqual(['presence busy kept by the server']);
    await store.setPresence({ state: 'away', note: 'lunch' });
    expect(status).toBe('away');
  });
});

describe('ChatStore: a conversation that ended without the page knowing', () => {
  it('invites anew after a message got 400: the next message starts a new conversation', async () => {
    const { client, store } = setup();
    await store.sendTo(ALICE, 'first');
    client.send = async (sessionId: string, text: string) => {
      client.calls.push(`send ${sessionId} ${text}`);
      return answerFor('m', 'not-in-session', 'home');
    };
    await store.sendTo(ALICE, 'into the void');
    expect(store.thread(ALICE)!.active).toBeUndefined();
    await store.sendTo(ALICE, 'again');
    expect(client.calls.filter((c) => c.startsWith('invite'))).toEqual([`invite ${ALICE}`, `invite ${ALICE}`]);
  });
});
