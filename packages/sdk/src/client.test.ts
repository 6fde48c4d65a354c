import { describe, expect, it } from 'vitest';
import type { Answer, FedRequest, Presence, Prompt } from '@fedlab/protocol';
import { AnswerSchema, OFFLINE, answerFor, parse } from '@fedlab/protocol';
import type { ConnectionState, Session } from './client-model.ts';
import { SignInRefusedError } from './sign-in-error.ts';
import { internalProfile, providerProfile, useFakeServer, when, type FakeServerOptions } from './test-support.ts';

const fake = useFakeServer();
const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const YUKI = 'yuki@yahoo.test';
const BUSY: Presence = { state: 'busy', note: 'in a meeting' };

/** A request as a server delivers it to Alice's client. */
function toAlice(fields: Partial<FedRequest> & Pick<FedRequest, 'kind' | 'body'>): FedRequest {
  return { id: 'req-0001', from: YUKI, to: ALICE, sentAt: 1_700_000_000_000, ...fields } as FedRequest;
}

function stamp(verification: 'verified' | 'unverified'): NonNullable<FedRequest['stamp']> {
  return { network: 'publiccloud', provider: 'yahoo', fqdn: 'sip.yahoo.test', verification };
}

/** A fake server, and Alice signed in to it; she does not resubscribe, so the server sees only what a test does. */
async function alice(options: FakeServerOptions = {}) {
  const server = await fake.server(options);
  const client = await fake.signedIn(server, ALICE, { resubscribe: false });
  return { server, client };
}

/** Alice, subscribed to Yuki, who is busy. */
async function watchingYuki() {
  const { server, client } = await alice();
  server.answer = (r) => answerFor(r.id, 'accepted-by-provider', 'provider', { presence: BUSY });
  await client.subscribe(YUKI);
  return { server, client };
}

const invite = (from: string, sessionId: string, verification?: 'verified' | 'unverified') =>
  toAlice({ id: `inv-${sessionId}`, from, kind: 'invite', body: { sessionId }, ...(verification ? { stamp: stamp(verification) } : {}) });

describe('FedlabClient: signing in', () => {
  it('signs in with auth { address } and takes the welcome: profile, presence, prompts', async () => {
    const prompt: Prompt = { id: 'prompt-01', from: YUKI, provider: 'yahoo', verification: 'verified', requestId: 'sub-00001', at: 1 };
    const welcome = { profile: internalProfile(ALICE), presence: BUSY, prompts: [prompt] };
    const server = await fake.server({ welcome: () => welcome });
    const client = fake.client(server, ALICE);
    const seen = { welcome: when(client, 'welcome'), profile: when(client, 'profile'), prompts: when(client, 'prompts') };
    expect(client.state).toBe('connecting');
    expect(await client.signedIn()).toEqual(welcome);
    await Promise.all(Object.values(seen));
    expect(server.socketOf(ALICE).handshake.auth).toEqual({ address: ALICE });
    expect(client).toMatchObject({ state: 'connected', profile: welcome.profile, presence: BUSY, prompts: [prompt], address: ALICE });
  });

  it('sends the password, when given, in the handshake beside the address', async () => {
    const server = await fake.server();
    await fake.signedIn(server, ALICE, { password: 'correct horse' });
    expect(server.socketOf(ALICE).handshake.auth).toEqual({ address: ALICE, password: 'correct horse' });
  });

  it('rejects signedIn() with the refusal and its code, and does not try again', async () => {
    const refusal = 'wrong-password: The password for alice@contoso.test is wrong.';
    const server = await fake.server({ refuse: () => refusal });
    const client = fake.client(server, ALICE, { password: 'guess' });
    const error = await client.signedIn().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInRefusedError);
    expect(error).toMatchObject({ message: refusal, code: 'wrong-password' });
    expect(client.state).toBe('refused');
    expect(client.socket.active).toBe(false);
  });

  it('subscribes again to everyone on the Allow list at sign-in, unless told not to', async () => {
    const server = await fake.server({ welcome: (a) => ({ profile: internalProfile(a, { lists: { allow: [YUKI, BOB], block: [] } }), presence: OFFLINE, prompts: [] }) });
    server.answer = (r) => answerFor(r.id, 'accepted-by-provider', 'provider', { presence: BUSY });
    const client = fake.client(server, ALICE);
    await when(client, 'presence', (address) => address === BOB);
    expect(server.requests.map((r) => [r.kind, r.to])).toEqual([['subscribe', YUKI], ['subscribe', BOB]]);
    expect(client.contacts.get(YUKI)).toMatchObject({ subscription: 'active', presence: BUSY });

    const quiet = await fake.signedIn(server, BOB, { resubscribe: false });
    await quiet.setPresence(BUSY);
    // Anything sent at the welcome would have reached the server before this command.
    expect(server.requests).toHaveLength(2);
  });

  it('close() before sign-in settles signedIn(); the state is disconnected', async () => {
    const server = await fake.server({ welcome: () => undefined });
    const client = fake.client(server, ALICE);
    await when(client, 'state', (state) => state === 'connected');
    client.close();
    await expect(client.signedIn()).rejects.toThrow('closed before sign-in');
    expect([client.state, client.socket.connected]).toEqual(['disconnected', false]);
  });

  it('close() after sign-in leaves signedIn() resolved', async () => {
    const { client } = await alice();
    client.close();
    await expect(client.signedIn()).resolves.toMatchObject({ profile: { address: ALICE } });
    expect(client.state).toBe('disconnected');
  });
});

describe('FedlabClient: connection state', () => {
  it('reconnects by itself after the transport drops, and is welcomed again', async () => {
    const { server, client } = await alice();
    const states: [ConnectionState, string | undefined][] = [];
    client.on('state', (...change) => states.push(change));
    const again = when(client, 'welcome');
    server.socketOf(ALICE).conn.close();
    await again;
    expect(states).toEqual([['reconnecting', 'transport close'], ['connected', undefined]]);
    expect(client.state).toBe('connected');
  });

  it('stays signed out when another sign-in replaced it', async () => {
    const { server, client } = await alice();
    const states: [ConnectionState, string | undefined][] = [];
    client.on('state', (...change) => states.push(change));
    const socket = server.socketOf(ALICE);
    const gone = new Promise((resolve) => client.socket.once('disconnect', resolve));
    socket.emit('signed-out', { reason: 'replaced' });
    socket.disconnect(true);
    await gone;
    expect(states).toEqual([['signed-out', 'replaced']]);
    expect(client.state).toBe('signed-out');
  });

  it('is disconnected, not reconnecting, when the server disconnects it', async () => {
    const { server, client } = await alice();
    const state = when(client, 'state');
    server.socketOf(ALICE).disconnect(true);
    expect(await state).toEqual(['disconnected', 'io server disconnect']);
  });
});

describe('FedlabClient: contacts and subscriptions, from the answers', () => {
  it('200: the subscription is active, with the presence in the answer', async () => {
    const { server, client } = await alice();
    server.answer = (r) => answerFor(r.id, 'accepted-by-provider', 'provider', { presence: BUSY });
    const pending = when(client, 'contacts');
    const presence = when(client, 'presence');
    const answer = client.subscribe(YUKI);
    await pending;
    expect(client.contacts.get(YUKI)).toMatchObject({ subscription: 'pending', presence: OFFLINE });
    expect(await presence).toEqual([YUKI, BUSY]);
    expect(client.contacts.get(YUKI)).toEqual({ address: YUKI, subscription: 'active', presence: BUSY, answer: await answer });
    expect(server.requests).toEqual([{ id: expect.any(String), kind: 'subscribe', to: YUKI, body: {} }]);
  });

  it('202: pending while the person is asked', async () => {
    const { server, client } = await alice();
    server.answer = (r) => answerFor(r.id, 'pending-prompt', 'home');
    await client.subscribe(BOB);
    expect(client.contacts.get(BOB)).toMatchObject({ subscription: 'pending', presence: OFFLINE, answer: { code: 202 } });
  });

  it('a refusal: rejected and offline, with the answer kept', async () => {
    const { server, client } = await watchingYuki();
    server.answer = (r) => answerFor(r.id, 'provider-blocked', 'edge');
    const answer = await client.subscribe(YUKI);
    expect(client.contacts.get(YUKI)).toEqual({ address: YUKI, subscription: 'rejected', presence: OFFLINE, answer });
    expect(answer).toMatchObject({ code: 403, diagnostic: { reason: 'provider-blocked' } });
  });

  it('addContact puts the person on the Allow list, then subscribes; removeContact undoes both', async () => {
    const { server, client } = await alice();
    await client.addContact(YUKI);
    expect(server.commands).toEqual([['list:change', { list: 'allow', op: 'add', address: YUKI }]]);
    expect(server.requests.map((r) => r.kind)).toEqual(['subscribe']);
    expect(client.contacts.get(YUKI)?.subscription).toBe('active');
    await client.removeContact(YUKI);
    expect(server.commands.at(-1)).toEqual(['list:change', { list: 'allow', op: 'remove', address: YUKI }]);
    expect(server.requests.at(-1)).toMatchObject({ kind: 'unsubscribe', to: YUKI, body: {} });
    expect(client.contacts.has(YUKI)).toBe(false);
  });

  it('unsubscribe leaves the contact with no subscription, offline', async () => {
    const { server, client } = await watchingYuki();
    server.answer = (r) => answerFor(r.id, 'delivered', 'provider');
    await client.unsubscribe(YUKI);
    expect(client.contacts.get(YUKI)).toMatchObject({ subscription: 'none', presence: OFFLINE });
  });

  it('takes a notify: active with the presence, terminated as offline; answers delivered', async () => {
    const { server, client } = await alice();
    const presence = when(client, 'presence');
    const active = toAlice({ id: 'ntf-00001', kind: 'notify', body: { presence: BUSY, subscription: 'active' } });
    expect(await server.deliver(ALICE, active)).toEqual(answerFor('ntf-00001', 'delivered', 'client'));
    expect(await presence).toEqual([YUKI, BUSY]);
    expect(client.contacts.get(YUKI)).toMatchObject({ subscription: 'active', presence: BUSY });
    const terminated = toAlice({ id: 'ntf-00002', kind: 'notify', body: { presence: { state: 'available', note: 'x' }, subscription: 'terminated' } });
    expect(await server.deliver(ALICE, terminated)).toMatchObject({ code: 200 });
    expect(client.contacts.get(YUKI)).toMatchObject({ subscription: 'terminated', presence: OFFLINE });
  });
});

describe('FedlabClient: the IM-invitation rule, before the application sees anything', () => {
  const cases: { name: string; request: FedRequest; lists?: { allow: string[]; block: string[] }; blockIm?: boolean; code: number; reason: string; rule: string }[] = [
    { name: 'a colleague (no stamp)', request: invite(BOB, 'ses-0001'), code: 200, reason: 'accepted-internal', rule: 'internal' },
    { name: 'a blocked colleague', request: invite(BOB, 'ses-0002'), lists: { allow: [], block: [BOB] }, code: 403, reason: 'sender-on-block-list', rule: 'inbound.7-block-list' },
    { name: 'verified, on neither list', request: invite(YUKI, 'ses-0003', 'verified'), code: 200, reason: 'accepted-verified', rule: 'inbound.8-im-invitation' },
    { name: 'unverified, on neither list', request: invite(YUKI, 'ses-0004', 'unverified'), code: 403, reason: 'unverified-not-on-allow-list', rule: 'inbound.8-im-invitation' },
    { name: 'unverified, on the Allow list', request: invite(YUKI, 'ses-0005', 'unverified'), lists: { allow: [YUKI], block: [] }, code: 200, reason: 'accepted-on-allow-list', rule: 'inbound.8-im-invitation' },
    { name: 'on both lists: the Block list wins', request: invite(YUKI, 'ses-0006', 'verified'), lists: { allow: [YUKI], block: [YUKI] }, code: 403, reason: 'sender-on-block-list', rule: 'inbound.7-block-list' },
    { name: 'verified, IM blocked from people not on the Allow list', request: invite(YUKI, 'ses-0007', 'verified'), blockIm: true, code: 403, reason: 'im-blocked-not-on-allow-list', rule: 'inbound.8-im-invitation' },
    { name: 'verified, on the Allow list, IM blocked from the others', request: invite(YUKI, 'ses-0008', 'verified'), lists: { allow: [YUKI], block: [] }, blockIm: true, code: 200, reason: 'accepted-on-allow-list', rule: 'inbound.8-im-invitation' },
  ];

  it.each(cases)('$name: $code $reason', async ({ request, lists = { allow: [], block: [] }, blockIm = false, code, reason, rule }) => {
    const profile = internalProfile(ALICE, { lists, settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: blockIm } });
    const { server, client } = await alice({ welcome: () => ({ profile, presence: BUSY, prompts: [] }) });
    const invitations: Session[] = [];
    client.on('invitation', (session) => invitations.push(session));
    const incoming = when(client, 'incoming');
    const answer = await server.deliver(ALICE, request);
    expect(answer).toMatchObject({ requestId: request.id, code, public: false, diagnostic: { reason, hop: 'client' } });
    expect(answer.trail).toEqual([
      {
        hop: 'client', node: `client:${ALICE}`, rule, code, reason, explanation: expect.any(String), at: expect.any(Number),
        inputs: { verification: request.stamp?.verification ?? 'internal', onAllowList: lists.allow.includes(request.from), onBlockList: lists.block.includes(request.from), blockImFromNonAllowList: blockIm },
      },
    ]);
    expect(await incoming).toEqual([request, answer]);
    const sessionId = (request.body as { sessionId: string }).sessionId;
    if (code === 200) {
      const session = { id: sessionId, peer: request.from, state: 'open', outgoing: false, messages: [], peerTyping: false };
      expect(invitations).toEqual([session]);
      expect(client.sessions.get(sessionId)).toEqual(session);
    } else {
      // A rejected invitation never reaches the person: no invitation, no session.
      expect(invitations).toEqual([]);
      expect(client.sessions.has(sessionId)).toBe(false);
    }
  });

  it('decides from the profile as it is now: a change of the profile applies to the next invitation', async () => {
    const { server, client } = await alice();
    expect(await server.deliver(ALICE, invite(YUKI, 'ses-0010', 'verified'))).toMatchObject({ code: 200 });
    const changed = when(client, 'profile');
    server.socketOf(ALICE).emit('profile:delta', { lists: [{ list: 'block', op: 'add', address: YUKI }] });
    await changed;
    expect(client.profile?.lists.block).toEqual([YUKI]);
    expect(await server.deliver(ALICE, invite(YUKI, 'ses-0011', 'verified'))).toMatchObject({ code: 403, diagnostic: { reason: 'sender-on-block-list' } });
  });

  it("a provider user's client accepts: the provider decided already", async () => {
    const server = await fake.server({ welcome: (a) => ({ profile: providerProfile(a), presence: BUSY, prompts: [] }) });
    const client = await fake.signedIn(server, YUKI, { resubscribe: false });
    const invitation = when(client, 'invitation');
    const request = { ...invite(ALICE, 'ses-0020'), to: YUKI };
    const answer = await server.deliver(YUKI, request);
    expect(answer).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-by-provider', hop: 'client' } });
    expect(answer.trail).toMatchObject([{ hop: 'client', node: `client:${YUKI}`, rule: 'outbound.3-provider', inputs: {}, code: 200, reason: 'accepted-by-provider' }]);
    expect(await invitation).toEqual([expect.objectContaining({ id: 'ses-0020', peer: ALICE, state: 'open', outgoing: false })]);
  });
});

describe('FedlabClient: what it answers outside a session', () => {
  it('answers 400 malformed, hop client, to a request outside the contract, and tells nobody', async () => {
    const { server, client } = await alice();
    const seen: unknown[] = [];
    client.on('incoming', (request) => seen.push(request));
    expect(await server.deliver(ALICE, { ...invite(YUKI, 'ses-0030'), extra: true })).toEqual(answerFor('inv-ses-0030', 'malformed', 'client'));
    expect(await server.deliver(ALICE, toAlice({ id: 'msg-00001', kind: 'message', body: { sessionId: 'ses-0030', text: '' } }))).toMatchObject({ requestId: 'msg-00001', code: 400 });
    expect(await server.deliver(ALICE, { kind: 'invite' })).toEqual(answerFor('unknown', 'malformed', 'client'));
    expect(await server.deliver(ALICE, null)).toMatchObject({ requestId: 'unknown', code: 400 });
    expect(await server.deliver(ALICE, { ...invite(YUKI, 'ses-0031'), id: 42 })).toMatchObject({ requestId: 'unknown', code: 400 });
    expect(seen).toEqual([]);
    expect(client.sessions.size).toBe(0);
  });

  it('answers 400 malformed to a kind that never reaches a client (subscribe)', async () => {
    const { server } = await alice();
    expect(await server.deliver(ALICE, toAlice({ id: 'sub-00001', kind: 'subscribe', body: {} }))).toEqual(answerFor('sub-00001', 'malformed', 'client'));
  });

  it('answers 400 not-in-session to a message or typing notice for no open session with that peer; delivered to a bye', async () => {
    const { server, client } = await alice();
    await server.deliver(ALICE, invite(YUKI, 'ses-0040', 'verified'));
    const notInSession = (id: string) => answerFor(id, 'not-in-session', 'client');
    expect(await server.deliver(ALICE, toAlice({ id: 'msg-00001', kind: 'message', body: { sessionId: 'ses-none', text: 'hi' } }))).toEqual(notInSession('msg-00001'));
    expect(await server.deliver(ALICE, toAlice({ id: 'msg-00002', from: BOB, kind: 'message', body: { sessionId: 'ses-0040', text: 'hi' } }))).toEqual(notInSession('msg-00002'));
    expect(await server.deliver(ALICE, toAlice({ id: 'typ-00001', kind: 'typing', body: { sessionId: 'ses-none' } }))).toEqual(notInSession('typ-00001'));
    expect(await server.deliver(ALICE, toAlice({ id: 'typ-00002', from: BOB, kind: 'typing', body: { sessionId: 'ses-0040' } }))).toEqual(notInSession('typ-00002'));
    expect(await server.deliver(ALICE, toAlice({ id: 'bye-00001', kind: 'bye', body: { sessionId: 'ses-none' } }))).toEqual(answerFor('bye-00001', 'delivered', 'client'));
    expect(client.sessions.get('ses-0040')?.messages).toEqual([]);
    // A bye from someone else does not end the session; after the peer's own bye, typing is refused too.
    await server.deliver(ALICE, toAlice({ id: 'bye-00002', from: BOB, kind: 'bye', body: { sessionId: 'ses-0040' } }));
    expect(client.sessions.get('ses-0040')?.state).toBe('open');
    await server.deliver(ALICE, toAlice({ id: 'bye-00003', kind: 'bye', body: { sessionId: 'ses-0040' } }));
    expect(await server.deliver(ALICE, toAlice({ id: 'typ-00003', kind: 'typing', body: { sessionId: 'ses-0040' } }))).toEqual(notInSession('typ-00003'));
    expect(client.sessions.get('ses-0040')?.peerTyping).toBe(false);
  });
});

describe('FedlabClient: IM sessions', () => {
  async function openSession() {
    const { server, client } = await alice();
    const { answer, session } = await client.invite(YUKI);
    return { server, client, answer, session };
  }

  it('invite: inviting, then open when answered 200; the session id is its own', async () => {
    const { server, client } = await alice();
    const first = when(client, 'session');
    const invited = client.invite(YUKI);
    const [inviting] = await first;
    expect(inviting).toMatchObject({ peer: YUKI, state: 'inviting', outgoing: true, messages: [], peerTyping: false });
    const { answer, session } = await invited;
    expect(session).toBe(inviting);
    expect([answer.code, session.state]).toEqual([200, 'open']);
    expect(server.requests).toEqual([{ id: answer.requestId, kind: 'invite', to: YUKI, body: { sessionId: session.id } }]);
    expect(session.id).not.toBe(answer.requestId);
    expect(client.sessions.get(session.id)).toBe(session);
  });

  it('invite refused: the session ends with the reason', async () => {
    const { server, client } = await alice();
    server.answer = (r) => answerFor(r.id, 'recipient-offline', 'provider');
    const ended = when(client, 'session-ended');
    const { session } = await client.invite(YUKI);
    expect(await ended).toEqual([session]);
    expect(session).toMatchObject({ state: 'ended', endedBecause: 'recipient-offline' });
  });

  it('send: the message is sending, then delivered; its id is the request id', async () => {
    const { server, client, session } = await openSession();
    const sending = when(client, 'session');
    const answer = client.send(session.id, 'hello Yuki');
    await sending;
    expect(session.messages).toEqual([{ id: expect.any(String), sessionId: session.id, from: ALICE, text: 'hello Yuki', at: expect.any(Number), state: 'sending' }]);
    expect((await answer).code).toBe(200);
    expect(session.messages[0]).toMatchObject({ state: 'delivered', answer: await answer });
    expect(server.requests.at(-1)).toEqual({ id: session.messages[0]!.id, kind: 'message', to: YUKI, body: { sessionId: session.id, text: 'hello Yuki' } });
  });

  it('send: a passing failure fails the message and keeps the session open', async () => {
    const { server, session, client } = await openSession();
    server.answer = (r) => answerFor(r.id, 'provider-unreachable', 'edge');
    expect((await client.send(session.id, 'lost')).code).toBe(504);
    expect(session.messages[0]?.state).toBe('failed');
    expect(session.state).toBe('open');
  });

  it('send: an answer that ends the dialog ends the session, with its reason', async () => {
    const { server, session, client } = await openSession();
    server.answer = (r) => ({ ...answerFor(r.id, 'provider-blocked', 'edge'), endsDialog: true });
    const ended = when(client, 'session-ended');
    await client.send(session.id, 'blocked');
    expect(await ended).toEqual([session]);
    expect(session).toMatchObject({ state: 'ended', endedBecause: 'provider-blocked', messages: [{ state: 'failed' }] });
  });

  it('send, typing and end refuse a session that does not exist', async () => {
    const { client } = await openSession();
    await expect(client.send('ses-none', 'x')).rejects.toThrow('no session ses-none');
    await expect(client.typing('ses-none')).rejects.toThrow('no session ses-none');
    await expect(client.end('ses-none')).rejects.toThrow('no session ses-none');
  });

  it('typing and end: sent to the peer; end ends the session at once', async () => {
    const { server, session, client } = await openSession();
    await client.typing(session.id);
    expect(server.requests.at(-1)).toEqual({ id: expect.any(String), kind: 'typing', to: YUKI, body: { sessionId: session.id } });
    const bye = client.end(session.id);
    expect(session).toMatchObject({ state: 'ended', endedBecause: 'ended-by-us' });
    expect((await bye).code).toBe(200);
    expect(server.requests.at(-1)).toEqual({ id: expect.any(String), kind: 'bye', to: YUKI, body: { sessionId: session.id } });
  });

  it("takes the peer's typing and messages: typing shows until the message comes", async () => {
    const { server, client } = await alice();
    await server.deliver(ALICE, invite(YUKI, 'ses-0050', 'verified'));
    const session = client.sessions.get('ses-0050')!;
    const typing = when(client, 'typing');
    expect(await server.deliver(ALICE, toAlice({ id: 'typ-00001', kind: 'typing', body: { sessionId: 'ses-0050' } }))).toEqual(answerFor('typ-00001', 'delivered', 'client'));
    expect(await typing).toEqual([session]);
    expect(session.peerTyping).toBe(true);
    const message = when(client, 'message');
    const request = toAlice({ id: 'msg-00001', kind: 'message', sentAt: 1234, body: { sessionId: 'ses-0050', text: 'hi Alice' } });
    expect(await server.deliver(ALICE, request)).toEqual(answerFor('msg-00001', 'delivered', 'client'));
    const received = { id: 'msg-00001', sessionId: 'ses-0050', from: YUKI, text: 'hi Alice', at: 1234 };
    expect(await message).toEqual([received]);
    expect(session).toMatchObject({ peerTyping: false, messages: [received] });
  });

  it('a bye from the peer ends the session; a message after it is not in session', async () => {
    const { server, client } = await alice();
    await server.deliver(ALICE, invite(YUKI, 'ses-0060', 'verified'));
    const ended = when(client, 'session-ended');
    expect(await server.deliver(ALICE, toAlice({ id: 'bye-00001', kind: 'bye', body: { sessionId: 'ses-0060' } }))).toEqual(answerFor('bye-00001', 'delivered', 'client'));
    const [session] = await ended;
    expect(session).toMatchObject({ id: 'ses-0060', state: 'ended', endedBecause: 'ended-by-peer' });
    const late = toAlice({ id: 'msg-00009', kind: 'message', body: { sessionId: 'ses-0060', text: 'late' } });
    expect(await server.deliver(ALICE, late)).toMatchObject({ code: 400, diagnostic: { reason: 'not-in-session' } });
  });
});

describe('FedlabClient: own presence, lists, settings and prompts', () => {
  it('sends its commands as they are and resolves with the server result', async () => {
    const { server, client } = await alice();
    expect(await client.setPresence(BUSY)).toEqual({ ok: true });
    expect(client.presence).toEqual(BUSY);
    server.command = () => ({ ok: false, error: { code: 'not-allowed', message: 'Provider users have no settings.' } });
    expect(await client.setSettings({ blockImFromNonAllowList: true })).toEqual({ ok: false, error: { code: 'not-allowed', message: 'Provider users have no settings.' } });
    await client.changeList('block', 'add', YUKI);
    expect(server.commands).toEqual([
      ['presence:set', BUSY],
      ['settings:set', { blockImFromNonAllowList: true }],
      ['list:change', { list: 'block', op: 'add', address: YUKI }],
    ]);
  });

  it('sends a hand-made request as is, and resolves with its answer', async () => {
    const { server, client } = await alice();
    server.answer = (r) => answerFor(typeof r.id === 'string' ? r.id : 'unknown', 'malformed', 'home');
    const junk = { id: 'bad-0001', kind: 'notify', to: YUKI, body: {}, from: 'mallory@contoso.test' };
    expect(await client.request(junk)).toEqual(answerFor('bad-0001', 'malformed', 'home'));
    expect(server.requests).toEqual([junk]);
  });

  it('keeps the prompts that arrive, each once, and drops one once answered', async () => {
    const { server, client } = await alice();
    const prompt = (id: string): Prompt => ({ id, from: YUKI, provider: 'yahoo', verification: 'verified', requestId: `sub-${id}`, at: 1 });
    const socket = server.socketOf(ALICE);
    const arrived: Prompt[] = [];
    client.on('prompt', (p) => arrived.push(p));
    const second = when(client, 'prompt', (p) => p.id === 'prompt-02');
    socket.emit('prompt', prompt('prompt-01'));
    socket.emit('prompt', prompt('prompt-01'));
    socket.emit('prompt', prompt('prompt-02'));
    await second;
    expect(arrived.map((p) => p.id)).toEqual(['prompt-01', 'prompt-02']);

    server.command = () => ({ ok: false, error: { code: 'not-found', message: 'No such prompt is waiting for you.' } });
    expect(await client.answerPrompt('prompt-01', 'allow')).toMatchObject({ ok: false });
    expect(client.prompts.map((p) => p.id)).toEqual(['prompt-01', 'prompt-02']);
    server.command = () => ({ ok: true });
    const changed = when(client, 'prompts');
    expect(await client.answerPrompt('prompt-01', 'block')).toEqual({ ok: true });
    await changed;
    expect(client.prompts.map((p) => p.id)).toEqual(['prompt-02']);
    expect(server.commands.filter(([event]) => event === 'prompt:answer').map(([, payload]) => payload)).toEqual([
      { promptId: 'prompt-01', decision: 'allow' },
      { promptId: 'prompt-01', decision: 'block' },
    ]);
  });
});

describe('FedlabClient: its answers are contract answers', () => {
  it('passes the AnswerSchema its server checks them against: accepted, not in session, malformed', async () => {
    const { server } = await alice();
    const answers: Answer[] = [
      await server.deliver(ALICE, invite(YUKI, 'ses-0070', 'verified')),
      await server.deliver(ALICE, toAlice({ id: 'msg-00001', kind: 'message', body: { sessionId: 'ses-0070', text: 'x' } })),
      await server.deliver(ALICE, { nonsense: true }),
    ];
    for (const answer of answers) expect(parse(AnswerSchema, answer)).toMatchObject({ ok: true });
  });
});
