import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { FRIEND, FakeEdge, INTERNAL_TOKEN, TROLL, YUKI, closeAll, fromOutside, http, linkedHome, signIn, startHome, until } from './home.test-support.ts';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const CAROL = 'carol@contoso.test';
const ERIN = 'erin@contoso.test';
const FRANK = 'frank@contoso.test';
const GINA = 'gina@contoso.test';
const STRANGER = 'stranger@yahoo.test';

afterEach(closeAll);

/** What an answer says, in one object that reads well in an assertion. */
const said = (a: Answer) => ({ code: a.code, reason: a.diagnostic.reason, hop: a.diagnostic.hop });
const lastRule = (a: Answer) => a.trail?.at(-1)?.rule;

describe('the link to the edge', () => {
  it('dials /internal with the link secret and reports the link in /health', async () => {
    const { url, home, edge } = await linkedHome();
    expect(edge.tokens).toEqual([INTERNAL_TOKEN]);
    expect(home.edgeLinkConnected).toBe(true);
    expect((await http(url, 'GET', '/health', { token: null })).body).toEqual({ ok: true, app: 'home', edgeLink: true, online: 0 });
  });

  it('stays down when the edge refuses its secret, and answers 504 edge-unreachable at once', async () => {
    const edge = await FakeEdge.start();
    const { url, home } = await startHome(edge.url, { internalToken: 'not-the-secret', waitForLink: false });
    await until(() => edge.tokens.length >= 1, 'the home server tried the edge');
    expect(edge.tokens[0]).toBe('not-the-secret');
    expect(home.edgeLinkConnected).toBe(false);
    const alice = await signIn(url, ALICE);
    expect(said((await alice.invite(YUKI)).answer)).toEqual({ code: 504, reason: 'edge-unreachable', hop: 'home' });
    expect(edge.received).toEqual([]);
  });

  it('sends outward with the sender\'s enablement, and gives the client the answer without the trail', async () => {
    const { url, home, edge } = await linkedHome();
    const trail = [{ hop: 'provider' as const, node: 'yahoo', rule: 'outbound.3-provider', inputs: {}, code: 200 as const, reason: 'accepted-by-provider' as const, explanation: 'ok', at: 1 }];
    edge.answer = (request) => answerFor(request.id, 'accepted-by-provider', 'provider', { trail, presence: { state: 'busy', note: 'hi' } });
    const alice = await signIn(url, ALICE);
    const dave = await signIn(url, 'dave@contoso.test');
    const answer = await alice.subscribe(YUKI);
    expect(answer).toEqual({ requestId: answer.requestId, code: 200, diagnostic: expect.objectContaining({ reason: 'accepted-by-provider', hop: 'provider' }), public: false, presence: { state: 'busy', note: 'hi' } });
    await dave.invite(YUKI);
    const [subscribe, invite] = edge.received;
    expect(subscribe).toEqual({ id: answer.requestId, kind: 'subscribe', from: ALICE, to: YUKI, body: {}, sentAt: expect.any(Number), senderEnablement: { federation: true, publicIm: true } });
    // The edge decides outbound rule 1: the home server states the enablement, even when it is all off.
    expect(invite).toMatchObject({ from: 'dave@contoso.test', senderEnablement: { federation: false, publicIm: false } });
    expect(home.trace(answer.requestId)).toEqual(trail);
  });

  it('answers trace:get with its decisions for an id, and [] for anything else', async () => {
    const { edge } = await linkedHome();
    await edge.send(fromOutside('subscribe', 'trace-0001', ERIN));
    expect(await edge.traceOf('trace-0001')).toMatchObject([{ rule: 'inbound.5-recipient-exists' }, { rule: 'inbound.6-recipient-enabled' }, { rule: 'inbound.7-block-list' }, { rule: 'inbound.8-subscription' }]);
    expect(await edge.traceOf('never-seen')).toEqual([]);
    expect(await edge.traceOf({ not: 'a string' })).toEqual([]);
  });
});

describe('inbound: rules 5 to 8', () => {
  it('rejects a request without the edge\'s stamp: 400', async () => {
    const { edge } = await linkedHome();
    const answer = await edge.send(fromOutside('subscribe', 'nostamp-1', ERIN, {}, { stamp: false }));
    expect(said(answer)).toEqual({ code: 400, reason: 'malformed', hop: 'home' });
    expect(lastRule(answer)).toBe('contract');
  });

  it('rule 5: no such user is 404', async () => {
    const { edge } = await linkedHome();
    const answer = await edge.send(fromOutside('invite', 'r5-0001', 'zed@contoso.test', { sessionId: 'r5-sess' }));
    expect(said(answer)).toEqual({ code: 404, reason: 'user-not-found', hop: 'home' });
    expect(lastRule(answer)).toBe('inbound.5-recipient-exists');
  });

  it('rule 6: the recipient must be enabled for the stamp\'s network', async () => {
    const { edge } = await linkedHome();
    expect(said(await edge.send(fromOutside('subscribe', 'r6-0001', CAROL)))).toEqual({ code: 403, reason: 'recipient-not-enabled-public-im', hop: 'home' });
    expect(said(await edge.send(fromOutside('subscribe', 'r6-0002', BOB, {}, { network: 'federation', from: 'fiona@fabrikam.test' })))).toEqual({ code: 403, reason: 'recipient-not-enabled-federation', hop: 'home' });
    // Each kind on its own: Bob has public IM, Carol has federation.
    expect((await edge.send(fromOutside('subscribe', 'r6-0003', BOB))).code).toBe(202);
    expect((await edge.send(fromOutside('subscribe', 'r6-0004', CAROL, {}, { network: 'federation', from: 'fiona@fabrikam.test' }))).code).toBe(202);
  });

  it('rule 7: the Block list rejects, and beats the Allow list', async () => {
    const { edge } = await linkedHome();
    const answer = await edge.send(fromOutside('subscribe', 'r7-0001', ALICE, {}, { from: TROLL }));
    // The full form goes to the edge, which masks it; the reason stays for the trace.
    expect(answer).toMatchObject({ code: 403, public: false, diagnostic: { reason: 'sender-on-block-list', hop: 'home' } });
    expect(lastRule(answer)).toBe('inbound.7-block-list');
    expect(said(await edge.send(fromOutside('subscribe', 'r7-0002', GINA, {}, { from: TROLL, verification: 'unverified' })))).toMatchObject({ code: 403, reason: 'sender-on-block-list' });
  });

  it('rule 8, subscriptions: unverified needs the Allow list; verified goes by the setting', async () => {
    const { edge } = await linkedHome();
    const sub = (id: string, to: string, from: string, verification: 'verified' | 'unverified') => edge.send(fromOutside('subscribe', id, to, {}, { from, verification }));
    const onAllow = await sub('r8s-0001', ALICE, FRIEND, 'unverified');
    expect(said(onAllow)).toEqual({ code: 200, reason: 'accepted-on-allow-list', hop: 'home' });
    expect(onAllow.presence).toEqual({ state: 'offline', note: '' });
    expect(said(await sub('r8s-0002', ERIN, STRANGER, 'unverified'))).toEqual({ code: 403, reason: 'unverified-not-on-allow-list', hop: 'home' });
    expect(said(await sub('r8s-0003', ERIN, STRANGER, 'verified'))).toEqual({ code: 200, reason: 'accepted-by-setting', hop: 'home' });
    expect(said(await sub('r8s-0004', GINA, STRANGER, 'verified'))).toEqual({ code: 403, reason: 'subscription-setting-block', hop: 'home' });
    expect(said(await sub('r8s-0005', ALICE, STRANGER, 'verified'))).toEqual({ code: 202, reason: 'pending-prompt', hop: 'home' });
  });

  it('rule 8, Prompt: stored while the recipient is away, handed over at sign-in, asked once, settled by her answer', async () => {
    const { url, home, edge } = await linkedHome();
    expect((await edge.send(fromOutside('subscribe', 'prompt-0001', ALICE))).code).toBe(202);
    const alice = await signIn(url, ALICE);
    expect(alice.prompts).toEqual([{ id: expect.any(String), from: YUKI, provider: 'yahoo', verification: 'verified', requestId: 'prompt-0001', at: expect.any(Number) }]);
    // Asking again while the prompt waits: 202 again, the same prompt, no new prompt event.
    expect((await edge.send(fromOutside('subscribe', 'prompt-0002', ALICE))).code).toBe(202);
    expect((await edge.send(fromOutside('subscribe', 'prompt-0003', ALICE, {}, { from: STRANGER }))).code).toBe(202);
    await until(() => alice.prompts.length === 2, 'the second sender\'s prompt arrives live');
    expect(alice.events.filter((e) => e === 'prompt')).toHaveLength(1);

    expect(await alice.answerPrompt(alice.prompts[0]!.id, 'allow')).toEqual({ ok: true });
    await until(() => edge.receivedOf('notify').length === 1, 'Yuki is sent Alice\'s presence');
    expect(edge.receivedOf('notify')[0]).toMatchObject({ from: ALICE, to: YUKI, body: { presence: { state: 'available' }, subscription: 'active' } });
    await until(() => alice.profile?.lists.allow.includes(YUKI), 'Yuki is on Alice\'s Allow list');
    expect(home.trace('prompt-0001').at(-1)).toMatchObject({ hop: 'client', rule: 'inbound.8-subscription', reason: 'accepted-by-prompt' });

    // Block: rule 9, the stranger sees Alice as a sign-out shows her (offline, the subscription kept), and hears no more.
    expect(await alice.answerPrompt(alice.prompts[0]!.id, 'block')).toEqual({ ok: true });
    await until(() => edge.receivedOf('notify').length === 2, 'the stranger is sent Alice offline');
    expect(edge.receivedOf('notify')[1]).toMatchObject({ from: ALICE, to: STRANGER, body: { presence: { state: 'offline', note: '' }, subscription: 'active' } });
    await until(() => alice.profile?.lists.block.includes(STRANGER), 'the stranger is on Alice\'s Block list');
    expect(alice.profile?.lists.allow).not.toContain(STRANGER);
    expect(await alice.answerPrompt('no-such-prompt', 'allow')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // Alice's presence now reaches Yuki, her new watcher.
    await alice.setPresence({ state: 'busy', note: 'deep work' });
    await until(() => edge.receivedOf('notify').length === 3, 'Yuki hears about the change');
    expect(edge.receivedOf('notify')[2]).toMatchObject({ to: YUKI, body: { presence: { state: 'busy', note: 'deep work' } } });
    expect(edge.receivedOf('notify').filter((n) => n.to === STRANGER)).toHaveLength(1);
  });

  it('rule 8, IM invitations: 480 while offline, then handed to the client, which applies its rule', async () => {
    const { url, edge } = await linkedHome();
    const invite = (id: string, to: string, from: string, verification: 'verified' | 'unverified') =>
      edge.send(fromOutside('invite', id, to, { sessionId: `sess-${id}` }, { from, verification }));
    // Offline: the home server answers before any client rule, even for an unverified stranger.
    const offline = await invite('im-0001', ALICE, STRANGER, 'unverified');
    expect(said(offline)).toEqual({ code: 480, reason: 'recipient-offline', hop: 'home' });
    expect(lastRule(offline)).toBe('inbound.8-recipient-online');

    const alice = await signIn(url, ALICE);
    const frank = await signIn(url, FRANK);
    expect(said(await invite('im-0002', ALICE, STRANGER, 'verified'))).toEqual({ code: 200, reason: 'accepted-verified', hop: 'client' });
    expect(said(await invite('im-0003', ALICE, STRANGER, 'unverified'))).toEqual({ code: 403, reason: 'unverified-not-on-allow-list', hop: 'client' });
    expect(said(await invite('im-0004', ALICE, FRIEND, 'unverified'))).toEqual({ code: 200, reason: 'accepted-on-allow-list', hop: 'client' });
    expect(said(await invite('im-0005', FRANK, STRANGER, 'verified'))).toEqual({ code: 403, reason: 'im-blocked-not-on-allow-list', hop: 'client' });
    // The invitation reached the client with the edge's stamp, and the trail holds every hop.
    expect(alice.seenOf('invite').map((r) => r.id)).toEqual(['im-0002', 'im-0003', 'im-0004']);
    expect(alice.seenOf('invite')[0]?.stamp).toEqual({ network: 'publiccloud', provider: 'yahoo', fqdn: 'sip.yahoo.test', verification: 'verified' });
    expect(frank.seenOf('invite')).toHaveLength(1);
    expect([...alice.sessions.values()].filter((s) => s.state === 'open').map((s) => s.peer)).toEqual([STRANGER, FRIEND]);
    const answer = await invite('im-0006', ERIN, STRANGER, 'verified');
    expect(answer.code).toBe(480);
  });

  it('in a session: a message needs the session, passes while rules 5–7 hold, and ends the session when they stop', async () => {
    const { url, edge } = await linkedHome();
    const alice = await signIn(url, ALICE);
    const message = (id: string, sessionId: string, text: string) => edge.send(fromOutside('message', id, ALICE, { sessionId, text }));
    const noSession = await message('msg-0001', 'sess-none', 'hello?');
    expect(said(noSession)).toEqual({ code: 400, reason: 'not-in-session', hop: 'home' });
    expect(alice.seen).toEqual([]);

    expect((await edge.send(fromOutside('invite', 'msg-0002', ALICE, { sessionId: 'sess-live' }))).code).toBe(200);
    expect(said(await message('msg-0003', 'sess-live', 'hello alice'))).toEqual({ code: 200, reason: 'delivered', hop: 'client' });
    expect(alice.sessions.get('sess-live')?.messages.map((m) => m.text)).toEqual(['hello alice']);
    expect(said(await edge.send(fromOutside('typing', 'msg-0004', ALICE, { sessionId: 'sess-live' })))).toEqual({ code: 200, reason: 'delivered', hop: 'client' });
    // The same session id between other people is not this session.
    expect(said(await edge.send(fromOutside('message', 'msg-0005', ALICE, { sessionId: 'sess-live', text: 'me too' }, { from: FRIEND })))).toMatchObject({ code: 400, reason: 'not-in-session' });

    // An admin clears Alice's public IM: the next message is stopped, and Alice's client is told the session ended.
    expect((await http(url, 'PATCH', `/api/users/${ALICE}/enablement`, { body: { publicIm: false } })).status).toBe(200);
    expect(said(await message('msg-0006', 'sess-live', 'still there?'))).toEqual({ code: 403, reason: 'recipient-not-enabled-public-im', hop: 'home' });
    await until(() => alice.sessions.get('sess-live')?.state === 'ended', 'Alice\'s session ends');
    expect(alice.sessions.get('sess-live')?.endedBecause).toBe('ended-by-peer');
    // The first rule that rejects decides: still rule 6, not "no such session".
    expect(said(await message('msg-0007', 'sess-live', 'and now?'))).toMatchObject({ code: 403, reason: 'recipient-not-enabled-public-im' });
    expect(lastRule(await message('msg-0008', 'sess-none', 'and now?'))).toBe('inbound.6-recipient-enabled');
  });

  it('in a session: putting the sender on the Block list stops the next message and ends the session', async () => {
    const { url, edge } = await linkedHome();
    const alice = await signIn(url, ALICE);
    expect((await edge.send(fromOutside('invite', 'blk-0001', ALICE, { sessionId: 'sess-blk' }))).code).toBe(200);
    await alice.changeList('block', 'add', YUKI);
    const answer = await edge.send(fromOutside('message', 'blk-0002', ALICE, { sessionId: 'sess-blk', text: 'hi' }));
    expect(said(answer)).toEqual({ code: 403, reason: 'sender-on-block-list', hop: 'home' });
    await until(() => alice.sessions.get('sess-blk')?.state === 'ended', 'Alice\'s session ends');
    expect(alice.seenOf('message')).toEqual([]);
  });

  it('a presence update is taken only on a subscription the user asked for', async () => {
    const { url, edge } = await linkedHome();
    edge.answer = (request) => answerFor(request.id, 'accepted-by-provider', 'provider', { presence: { state: 'available', note: '' } });
    const alice = await signIn(url, ALICE);
    const notify = (id: string, state: string, subscription: 'active' | 'terminated' = 'active') =>
      edge.send(fromOutside('notify', id, ALICE, { presence: { state, note: '' }, subscription }, { verification: 'unverified' }));
    const unasked = await notify('ntf-0001', 'busy');
    expect(said(unasked)).toEqual({ code: 403, reason: 'not-subscribed', hop: 'home' });
    expect(lastRule(unasked)).toBe('subscription');
    expect(alice.seen).toEqual([]);
    expect((await alice.subscribe(YUKI)).code).toBe(200);
    expect(said(await notify('ntf-0002', 'busy'))).toEqual({ code: 200, reason: 'delivered', hop: 'client' });
    expect(alice.contacts.get(YUKI)?.presence.state).toBe('busy');
    expect((await notify('ntf-0003', 'offline', 'terminated')).code).toBe(200);
    expect(said(await notify('ntf-0004', 'available'))).toMatchObject({ code: 403, reason: 'not-subscribed' });
  });

  it('unsubscribe and bye are answered by the home server itself', async () => {
    const { url, edge } = await linkedHome();
    const erin = await signIn(url, ERIN);
    expect((await edge.send(fromOutside('subscribe', 'ub-0001', ERIN))).code).toBe(200);
    expect(said(await edge.send(fromOutside('unsubscribe', 'ub-0002', ERIN)))).toEqual({ code: 200, reason: 'delivered', hop: 'home' });
    // No watcher any more: Erin's presence change goes nowhere; a colleague's subscription is the sentinel.
    expect((await edge.send(fromOutside('invite', 'ub-0003', ERIN, { sessionId: 'sess-ub' }))).code).toBe(200);
    expect(said(await edge.send(fromOutside('bye', 'ub-0004', ERIN, { sessionId: 'sess-ub' })))).toEqual({ code: 200, reason: 'delivered', hop: 'home' });
    await until(() => erin.sessions.get('sess-ub')?.state === 'ended', 'Erin\'s client is told');
    await erin.setPresence({ state: 'away', note: '' });
    const carol = await signIn(url, CAROL);
    await carol.subscribe(ERIN);
    await erin.setPresence({ state: 'busy', note: 'sentinel' });
    await until(() => carol.contacts.get(ERIN)?.presence.note === 'sentinel', 'Carol sees the sentinel');
    expect(edge.receivedOf('notify')).toEqual([]);
  });

  it('tells an outside watcher about presence; a blocked watcher sees her offline as after a sign-out, and nothing more', async () => {
    const { url, edge } = await linkedHome();
    expect((await edge.send(fromOutside('subscribe', 'w-0001', ERIN))).code).toBe(200);
    const erin = await signIn(url, ERIN);
    await until(() => edge.receivedOf('notify').length === 1, 'Yuki hears Erin signed in');
    expect(edge.receivedOf('notify')[0]).toMatchObject({ from: ERIN, to: YUKI, body: { presence: { state: 'available' }, subscription: 'active' }, senderEnablement: { federation: true, publicIm: true } });
    await erin.changeList('block', 'add', YUKI);
    await until(() => edge.receivedOf('notify').length === 2, 'Yuki sees Erin offline');
    expect(edge.receivedOf('notify')[1]).toMatchObject({ body: { presence: { state: 'offline', note: '' }, subscription: 'active' } });
    // While blocked, Yuki hears nothing; a colleague's subscription is the sentinel.
    const carol = await signIn(url, CAROL);
    await carol.subscribe(ERIN);
    await erin.setPresence({ state: 'busy', note: 'sentinel' });
    await until(() => carol.contacts.get(ERIN)?.presence.note === 'sentinel', 'Carol sees the sentinel');
    expect(edge.receivedOf('notify')).toHaveLength(2);
    // Unblocked, Yuki sees Erin as she is.
    await erin.changeList('block', 'remove', YUKI);
    await until(() => edge.receivedOf('notify').length === 3, 'Yuki sees Erin again');
    expect(edge.receivedOf('notify')[2]).toMatchObject({ to: YUKI, body: { presence: { state: 'busy', note: 'sentinel' }, subscription: 'active' } });
  });
});

describe('inside the organization', () => {
  it('colleagues subscribe and chat without the edge, without a stamp and without an enablement check', async () => {
    const { url, edge } = await linkedHome();
    const dave = await signIn(url, 'dave@contoso.test');
    const erin = await signIn(url, ERIN);
    const sub = await dave.subscribe(ERIN);
    expect(said(sub)).toEqual({ code: 200, reason: 'accepted-internal', hop: 'home' });
    expect(sub.presence?.state).toBe('available');
    const { answer, session } = await dave.invite(ERIN);
    expect(said(answer)).toEqual({ code: 200, reason: 'accepted-internal', hop: 'client' });
    expect((await dave.send(session.id, 'hi erin')).code).toBe(200);
    await until(() => erin.sessions.get(session.id)?.messages.length === 1, 'Erin gets the message');
    expect(erin.seenOf('invite')[0]).not.toHaveProperty('stamp');
    await erin.setPresence({ state: 'busy', note: 'colleagues' });
    await until(() => dave.contacts.get(ERIN)?.presence.note === 'colleagues', 'Dave sees Erin\'s presence');
    expect(edge.received).toEqual([]);
  });

  it('a blocked colleague sees the other as offline; an unknown one is 404; an offline one 480', async () => {
    const { url, edge } = await linkedHome();
    const alice = await signIn(url, ALICE);
    const erin = await signIn(url, ERIN);
    await erin.changeList('block', 'add', ALICE);
    // Rule 9, byte for byte: what an offline colleague (Frank) gives, apart from the request id.
    const { requestId: _a, ...blockedInvite } = (await alice.invite(ERIN)).answer;
    const { requestId: _b, ...offlineInvite } = (await alice.invite(FRANK)).answer;
    expect(blockedInvite).toEqual(offlineInvite);
    expect(said(blockedInvite as never)).toEqual({ code: 480, reason: 'recipient-offline', hop: 'home' });
    const { requestId: _c, ...blockedSubscription } = await alice.subscribe(ERIN);
    const { requestId: _d, ...offlineSubscription } = await alice.subscribe(FRANK);
    expect(blockedSubscription).toEqual(offlineSubscription);
    expect(blockedSubscription).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-internal' }, presence: { state: 'offline', note: '' } });
    // Erin's presence never reaches Alice while she is blocked; Frank signing in is the sentinel.
    await erin.setPresence({ state: 'busy', note: 'hidden' });
    await signIn(url, FRANK);
    await until(() => alice.contacts.get(FRANK)?.presence.state === 'available', 'Alice sees Frank sign in');
    expect(alice.contacts.get(ERIN)?.presence).toEqual({ state: 'offline', note: '' });
    expect(said((await alice.invite('zed@contoso.test')).answer)).toEqual({ code: 404, reason: 'user-not-found', hop: 'home' });
    expect(erin.seen).toEqual([]);
    expect(edge.received).toEqual([]);
  });

  it('a client request that is not a ClientRequest is 400 and goes nowhere', async () => {
    const { url, edge } = await linkedHome();
    const alice = await signIn(url, ALICE);
    expect(said(await alice.request({ id: 'bad-0001', kind: 'notify', to: YUKI, body: { presence: { state: 'busy', note: '' }, subscription: 'active' } })))
      .toEqual({ code: 400, reason: 'malformed', hop: 'home' });
    expect(said(await alice.request({ id: 'bad-0002', kind: 'subscribe', to: YUKI, body: {}, senderEnablement: { federation: true, publicIm: true } })))
      .toEqual({ code: 400, reason: 'malformed', hop: 'home' });
    expect(await alice.setSettings({} as never)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(edge.received).toEqual([]);
  });
});
