import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderHello } from '@fedlab/protocol';
import { answerFor, toPublic } from '@fedlab/protocol';
import { newNonce, proofOf } from '@fedlab/server';
import {
  ADMIN_TOKEN, ALICE, EDGE_HELLO, LINK_SECRET, PASSWORD, FakeEdge, YAHOO, closeAll, closeLater, fromOutside, http, linkedProvider, rawClient, refusal, signIn,
  startProvider, until,
} from './provider.test-support.ts';
import { buildProvider } from './provider.ts';

const YUKI = 'yuki@yahoo.test';
const YAN = 'yan@yahoo.test';
const YOKO = 'yoko@yahoo.test';

afterEach(closeAll);

describe('the provider on its own', () => {
  it('answers GET /health and GET /directory without a token', async () => {
    const { url } = await startProvider();
    expect((await http(url, 'GET', '/health')).body).toEqual({ ok: true, app: 'provider:yahoo', provider: 'yahoo', federationLink: false, online: 0 });
    await signIn(url, YUKI);
    expect((await http(url, 'GET', '/health')).body).toMatchObject({ online: 1 });
    expect((await http(url, 'GET', '/directory')).body).toEqual({
      provider: { id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], public: true },
      users: [
        { address: YUKI, displayName: 'Yuki Yamada', verified: true, online: true },
        { address: YAN, displayName: 'Yan Young', verified: false, online: false },
        { address: YOKO, displayName: 'Yoko Ono', verified: true, online: false },
      ],
    });
  });

  it('welcomes its users with their contacts, and refuses anyone else with a reason', async () => {
    const { url } = await startProvider();
    // The sign-in address is trimmed and lower-cased before it is checked, as a person types it.
    const yoko = await signIn(url, ' Yoko@Yahoo.TEST ' as never);
    expect(yoko.profile).toEqual({ address: YOKO, displayName: 'Yoko Ono', kind: 'provider', provider: 'Yahoo!', lists: { allow: [YAN], block: [YUKI] } });
    expect(await refusal(url, { address: 'nobody@yahoo.test', password: PASSWORD })).toBe('user-not-found: nobody@yahoo.test is not a user of yahoo');
    expect(await refusal(url, { address: ALICE, password: PASSWORD })).toBe(`user-not-found: ${ALICE} is not a user of yahoo`);
    expect(await refusal(url, { address: YUKI, password: 'guess' })).toBe(`wrong-password: The password for ${YUKI} is wrong.`);
    expect(await refusal(url, {})).toMatch(/^invalid-address:/);
  });

  it('lets two of its users subscribe and chat among themselves, with no edge at all', async () => {
    const { url, server } = await startProvider();
    const yuki = await signIn(url, YUKI);
    const sub = await yuki.subscribe(YAN);
    // An offline user's subscription is accepted, with presence offline (docs/policy-decisions.md).
    expect(sub).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-by-provider', hop: 'provider' }, presence: { state: 'offline' } });
    expect(sub.trail).toBeUndefined();
    const yan = await signIn(url, YAN);
    await until(() => yuki.contacts.get(YAN)?.presence.state === 'available', 'Yuki sees Yan available');
    await yan.setPresence({ state: 'busy', note: 'lunch' });
    await until(() => yuki.contacts.get(YAN)?.presence.note === 'lunch', 'Yuki sees Yan busy');

    const { answer, session } = await yuki.invite(YAN);
    expect(answer).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-by-provider', hop: 'client' } });
    expect((await yuki.send(session.id, 'hi yan')).code).toBe(200);
    await until(() => yan.sessions.get(session.id)?.messages.some((m) => m.text === 'hi yan'), 'Yan gets the message');
    expect((await yan.send(session.id, 'hi yuki')).code).toBe(200);
    await until(() => session.messages.some((m) => m.text === 'hi yuki'), 'Yuki gets the answer');
    expect((await yuki.end(session.id)).code).toBe(200);
    await until(() => yan.sessions.get(session.id)?.state === 'ended', 'Yan sees the session end');
    // The session is closed on the provider: a message in it is not in a session any more.
    expect((await yan.request({ id: 'after-bye-1', kind: 'message', to: YUKI, body: { sessionId: session.id, text: 'late' } }))).toMatchObject({ code: 400, diagnostic: { reason: 'not-in-session' } });
    expect(server.trace(answer.requestId).map((d) => d.rule)).toEqual(['outbound.3-provider', 'outbound.3-provider']);
  });

  it('applies its own rules to local traffic: unknown 404, offline 480, blocked (seen as offline), in that order', async () => {
    const { url, server } = await startProvider();
    const yuki = await signIn(url, YUKI);
    const invite = (id: string, to: string) => yuki.request({ id, kind: 'invite', to, body: { sessionId: `s-${id}` } });
    expect(await invite('r-0001', 'ghost@yahoo.test')).toMatchObject({ code: 404, diagnostic: { reason: 'user-not-found', hop: 'provider' } });
    // Yoko blocked Yuki, but is offline: offline comes first.
    expect(await invite('r-0002', YOKO)).toMatchObject({ code: 480, diagnostic: { reason: 'recipient-offline', hop: 'provider' } });
    // For a subscription only unknown and blocked apply; blocked is answered as an accepted one to an offline user.
    expect(await yuki.request({ id: 'r-0003', kind: 'subscribe', to: YOKO, body: {} }))
      .toEqual({ requestId: 'r-0003', code: 200, diagnostic: { id: 2005, reason: 'accepted-by-provider', sentence: 'The provider accepted the request for its user.', hop: 'provider' }, public: false, presence: { state: 'offline', note: '' } });
    const yoko = await signIn(url, YOKO);
    // Rule 9: Yoko is online, and has blocked Yuki: he sees her as offline, byte for byte.
    expect(await invite('r-0004', YOKO)).toEqual({ ...(await invite('r-0002', YOKO)), requestId: 'r-0004' });
    expect(await invite('r-0004b', YOKO)).toMatchObject({ code: 480, diagnostic: { reason: 'recipient-offline', hop: 'provider' } });
    expect(yuki.contacts.get(YOKO)).toBeUndefined();
    expect(await yuki.request({ id: 'r-0005', kind: 'message', to: YOKO, body: { sessionId: 's-none', text: 'hello?' } }))
      .toMatchObject({ code: 480, diagnostic: { reason: 'recipient-offline', hop: 'provider' }, endsDialog: true });
    const yan = await signIn(url, YAN);
    expect(await yan.request({ id: 'r-0006', kind: 'message', to: YOKO, body: { sessionId: 's-none', text: 'hello?' } }))
      .toMatchObject({ code: 400, diagnostic: { reason: 'not-in-session', hop: 'provider' }, endsDialog: true });
    expect(yoko.seen).toEqual([]);
    expect(server.trace('r-0004').at(-1)).toMatchObject({ rule: 'outbound.3-provider', reason: 'blocked-by-provider-user' });
  });

  it('answers 504 edge-unreachable, at once, for another domain while no edge link is up', async () => {
    const { url } = await startProvider();
    const yuki = await signIn(url, YUKI);
    const { answer } = await yuki.invite(ALICE);
    expect(answer).toMatchObject({ code: 504, diagnostic: { reason: 'edge-unreachable', hop: 'provider' }, public: false });
  });

  it('keeps one sign-in per user: a new one replaces the older, which is told, and presence stays up', async () => {
    const { url } = await startProvider();
    const yan = await signIn(url, YAN);
    const first = await signIn(url, YUKI);
    expect((await yan.subscribe(YUKI)).presence?.state).toBe('available');
    const second = await signIn(url, YUKI);
    await until(() => first.state === 'signed-out', 'the first client is signed out');
    expect(first.signOuts).toEqual(['replaced']);
    expect((await http(url, 'GET', '/health')).body.online).toBe(2);
    await second.setPresence({ state: 'away', note: 'second' });
    await until(() => yan.contacts.get(YUKI)?.presence.note === 'second', 'Yan sees the new client\'s presence');
    // The replacement never looked like a sign-out to Yuki's watchers.
    expect(yan.seenOf('notify').map((r) => (r.body as { presence: { state: string } }).presence.state)).not.toContain('offline');
    const { answer } = await yan.invite(YUKI);
    expect(answer.code).toBe(200);
    expect(second.seenOf('invite')).toHaveLength(1);
    expect(first.seenOf('invite')).toHaveLength(0);
  });

  it('rejects malformed requests and client-made presence updates with 400, and has no Allow/Block/Prompt settings', async () => {
    const { url } = await startProvider();
    const yuki = await signIn(url, YUKI);
    expect(await yuki.request({ id: 'bad-0001', kind: 'teleport', to: YAN, body: {} })).toMatchObject({ code: 400, requestId: 'bad-0001', diagnostic: { reason: 'malformed', hop: 'provider' } });
    expect(await yuki.request({ id: 'bad-0002', kind: 'notify', to: YAN, body: { presence: { state: 'available', note: '' }, subscription: 'active' } }))
      .toMatchObject({ code: 400, diagnostic: { reason: 'malformed' } });
    expect(await yuki.request({ id: 'bad-0003', kind: 'subscribe', to: YAN, body: {}, asserted: 'verified' })).toMatchObject({ code: 400 });
    expect(await yuki.setSettings({ subscriptionSetting: 'allow' })).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await yuki.answerPrompt('prompt-1', 'allow')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await yuki.changeList('allow', 'add', 'NOT AN ADDRESS')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('answers for a client that does not: 408 when it is silent, 400 when its answer is junk; a bye needs no answer', async () => {
    const { url } = await startProvider({ timeoutMs: 100 });
    const yuki = await signIn(url, YUKI);
    await rawClient(url, YAN, (request) => {
      if (request.kind === 'invite') return answerFor(request.id, 'accepted-by-provider', 'client');
      if (request.kind === 'typing') return { nonsense: true };
      return undefined;
    });
    const { answer, session } = await yuki.invite(YAN);
    expect(answer.code).toBe(200);
    expect(await yuki.send(session.id, 'anyone?')).toMatchObject({ code: 408, diagnostic: { reason: 'next-hop-timeout', hop: 'provider' } });
    // 408 is a passing failure: the session stays open, and a bye is answered by the provider itself.
    expect(await yuki.end(session.id)).toMatchObject({ code: 200, diagnostic: { reason: 'delivered', hop: 'provider' } });
    const second = (await yuki.invite(YAN)).session;
    expect(await yuki.typing(second.id)).toMatchObject({ code: 400, diagnostic: { reason: 'malformed', hop: 'client' }, endsDialog: true });
  });

  it('answers 429 past the sender\'s rate limit and forwards nothing', async () => {
    const { url } = await startProvider({ rateLimit: { perSecond: 0.001, burst: 2 } });
    const yuki = await signIn(url, YUKI);
    const yan = await signIn(url, YAN);
    const codes = [];
    for (const n of [1, 2, 3]) codes.push((await yuki.request({ id: `rate-000${n}`, kind: 'invite', to: YAN, body: { sessionId: `rate-s${n}` } })).code);
    expect(codes).toEqual([200, 200, 429]);
    expect(yan.seenOf('invite').map((r) => r.id)).toEqual(['rate-0001', 'rate-0002']);
  });

  it('shows a watcher the user offline at once when the user blocks the watcher, as a sign-out would', async () => {
    const { url } = await startProvider();
    const yuki = await signIn(url, YUKI);
    const yan = await signIn(url, YAN);
    expect((await yan.subscribe(YUKI)).code).toBe(200);
    expect(await yuki.changeList('block', 'add', YAN)).toEqual({ ok: true });
    await until(() => yan.contacts.get(YUKI)?.presence.state === 'offline', 'Yan sees Yuki offline');
    expect(yan.contacts.get(YUKI)?.subscription).toBe('active');
    expect(yuki.profile?.lists.block).toEqual([YAN]);
  });
});

describe('the /federation namespace', () => {
  it('proves it holds the link secret in its hello, and takes the link only from a peer that proves it too', async () => {
    const { url, server } = await startProvider();
    const edge = new FakeEdge(url);
    const port = Number(new URL(url).port);
    const hello = { ...EDGE_HELLO, expectedPort: port, nonce: newNonce() };
    const answer = (await edge.hello(hello)) as ProviderHello;
    expect(answer).toEqual({ name: 'Yahoo!', fqdn: 'sip.yahoo.test', domains: ['yahoo.test'], nonce: expect.stringMatching(/^[\w-]{32}$/), proof: expect.any(String) });
    const parts = { edgeFqdn: hello.fqdn, providerAddress: `${YAHOO.fqdn}:${port}`, edgeNonce: hello.nonce, providerNonce: answer.nonce };
    expect(answer.proof).toBe(proofOf(LINK_SECRET, 'provider', parts));
    // Nothing of the secret travels: neither it nor the edge's proof is in what the provider said.
    expect(JSON.stringify(answer)).not.toContain(LINK_SECRET);
    expect(JSON.stringify(answer)).not.toContain(proofOf(LINK_SECRET, 'edge', parts));
    expect(server.linkConnected).toBe(false);
    expect(await edge.socket.timeout(2000).emitWithAck('prove', { proof: proofOf(LINK_SECRET, 'edge', parts) })).toEqual({ ok: true });
    await until(() => server.linkConnected, 'the link is up');
    expect((await http(url, 'GET', '/health')).body.federationLink).toBe(true);
    edge.socket.close();
    await until(() => !server.linkConnected, 'the link is down once the edge leaves');
  });

  it('refuses a peer that does not hold its secret, takes no request from it, and records it', async () => {
    const { url, server } = await startProvider({ adminToken: ADMIN_TOKEN });
    const impostor = new FakeEdge(url, 'a-secret-of-another-provider');
    const dropped = new Promise((resolve) => impostor.socket.once('disconnect', resolve));
    expect(await impostor.handshake()).toEqual({ error: "unauthorized: this peer is not the organization's edge" });
    expect(await dropped).toBe('io server disconnect');
    expect(server.linkConnected).toBe(false);
    const events = (await http(url, 'GET', '/api/security', { token: ADMIN_TOKEN })).body;
    expect(events).toMatchObject([{ kind: 'link-auth-failed', node: 'yahoo', where: 'federation', source: expect.stringMatching(/127\.0\.0\.1/) }]);
  });

  it('ignores a request sent before the handshake, and a proof sent before a hello', async () => {
    const { url, server } = await startProvider();
    const early = new FakeEdge(url);
    await new Promise<void>((resolve) => early.socket.once('connect', () => resolve()));
    await expect(early.socket.timeout(300).emitWithAck('request', fromOutside('invite', 'early-001', YUKI, { sessionId: 's-early1' }))).rejects.toThrow();
    expect(await early.socket.timeout(2000).emitWithAck('prove', { proof: 'x'.repeat(43) })).toEqual({ error: "unauthorized: this peer is not the organization's edge" });
    expect(server.linkConnected).toBe(false);
  });

  it('answers a hello for another FQDN with { error } and hangs up', async () => {
    const { url, server } = await startProvider();
    const wrong = new FakeEdge(url);
    const dropped = new Promise((resolve) => wrong.socket.once('disconnect', resolve));
    expect(await wrong.hello({ ...EDGE_HELLO, expectedFqdn: 'sip.msn.test' })).toEqual({ error: 'this is sip.yahoo.test, not sip.msn.test' });
    expect(await dropped).toBe('io server disconnect');
    expect(server.linkConnected).toBe(false);
  });

  it('uses the last peer that passed the handshake as its link to the edge', async () => {
    const { url, edge: older } = await linkedProvider();
    const newer = new FakeEdge(url);
    await newer.handshake();
    const yuki = await signIn(url, YUKI);
    expect((await yuki.invite(ALICE)).answer.code).toBe(200);
    expect(newer.receivedOf('invite')).toHaveLength(1);
    expect(older.received).toEqual([]);
  });

  it('asserts each user\'s verification on what leaves, and hands the client the edge\'s answer as it came', async () => {
    const { url, edge } = await linkedProvider();
    const forbidden = toPublic(answerFor('x', 'provider-blocked', 'edge'));
    edge.answer = (request) => ({ ...forbidden, requestId: request.id });
    const yuki = await signIn(url, YUKI);
    const yan = await signIn(url, YAN);
    const { answer } = await yuki.invite(ALICE);
    expect(answer).toEqual({ ...forbidden, requestId: answer.requestId });
    await yan.subscribe(ALICE);
    const [invite, subscribe] = edge.received;
    expect(invite).toMatchObject({ kind: 'invite', from: YUKI, to: ALICE, asserted: 'verified', id: answer.requestId });
    expect(typeof invite!.sentAt).toBe('number');
    expect(subscribe).toMatchObject({ kind: 'subscribe', from: YAN, to: ALICE, asserted: 'unverified' });
  });

  it('asserts nothing when the topology says so', async () => {
    const { url, edge } = await linkedProvider({ provider: { ...structuredClone(YAHOO), assertsVerification: false } });
    const yuki = await signIn(url, YUKI);
    await yuki.subscribe(ALICE);
    expect(edge.received[0]).toMatchObject({ kind: 'subscribe', from: YUKI });
    expect(edge.received[0]).not.toHaveProperty('asserted');
  });

  it('delivers a request from the edge to its user and answers in full form with its trail', async () => {
    const { url, edge } = await linkedProvider();
    const yuki = await signIn(url, YUKI);
    const answer = await edge.send(fromOutside('invite', 'in-0001', YUKI, { sessionId: 'sess-0001' }));
    expect(answer).toMatchObject({ requestId: 'in-0001', code: 200, public: false, diagnostic: { reason: 'accepted-by-provider', hop: 'client' } });
    expect(answer.trail?.map((d) => [d.hop, d.rule])).toEqual([['provider', 'outbound.3-provider'], ['client', 'outbound.3-provider']]);
    expect(yuki.sessions.get('sess-0001')).toMatchObject({ peer: ALICE, state: 'open' });
    expect(await edge.send(fromOutside('message', 'in-0002', YUKI, { sessionId: 'sess-0001', text: 'hello yuki' }))).toMatchObject({ code: 200, diagnostic: { reason: 'delivered' } });
    expect(yuki.sessions.get('sess-0001')?.messages.map((m) => m.text)).toEqual(['hello yuki']);
    expect(await edge.send(fromOutside('invite', 'in-0003', 'ghost@yahoo.test', { sessionId: 'sess-0002' }))).toMatchObject({ code: 404, diagnostic: { reason: 'user-not-found', hop: 'provider' } });
    expect(await edge.send({ id: 'in-0004', kind: 'invite', from: ALICE, to: YUKI, body: { sessionId: 'sess-0003' } }))
      .toMatchObject({ code: 400, diagnostic: { reason: 'malformed', hop: 'provider' }, trail: [{ rule: 'contract' }] });
  });

  it('answers each request once: the same sender and id again gets the first answer and is not delivered again', async () => {
    const { url, edge } = await linkedProvider();
    const yuki = await signIn(url, YUKI);
    const invite = fromOutside('invite', 'dup-0001', YUKI, { sessionId: 'dup-sess-1' });
    const first = await edge.send(invite);
    const again = await edge.send({ ...invite, sentAt: Date.now() + 1 });
    expect(again).toEqual(first);
    expect(yuki.seenOf('invite')).toHaveLength(1);
    const message = fromOutside('message', 'dup-0002', YUKI, { sessionId: 'dup-sess-1', text: 'once' });
    await edge.send(message);
    await edge.send(message);
    expect(yuki.seenOf('message')).toHaveLength(1);
    // The same id from another sender is another request.
    const fromBob = await edge.send(fromOutside('invite', 'dup-0001', YUKI, { sessionId: 'dup-sess-2' }, 'bob@contoso.test'));
    expect(fromBob.code).toBe(200);
    expect(yuki.seenOf('invite').map((r) => r.from)).toEqual([ALICE, 'bob@contoso.test']);
  });

  it('takes a presence update only on a subscription its user asked for', async () => {
    const { url, edge } = await linkedProvider();
    edge.answer = (request) => ({ ...toPublic(answerFor(request.id, 'accepted-on-allow-list', 'home')), presence: { state: 'busy', note: '' } });
    const yuki = await signIn(url, YUKI);
    const notify = (id: string, subscription: 'active' | 'terminated', state = 'away') =>
      edge.send(fromOutside('notify', id, YUKI, { presence: { state, note: '' }, subscription }));
    expect(await notify('ntf-0001', 'active')).toMatchObject({ code: 403, diagnostic: { reason: 'not-subscribed', hop: 'provider' } });
    expect(yuki.seen).toEqual([]);
    expect((await yuki.subscribe(ALICE)).code).toBe(200);
    expect(await notify('ntf-0002', 'active')).toMatchObject({ code: 200, diagnostic: { reason: 'delivered', hop: 'client' } });
    expect(yuki.contacts.get(ALICE)?.presence.state).toBe('away');
    expect((await notify('ntf-0003', 'terminated', 'offline')).code).toBe(200);
    expect(await notify('ntf-0004', 'active')).toMatchObject({ code: 403, diagnostic: { reason: 'not-subscribed' } });
  });

  it('accepts a subscription from outside and sends presence updates, and the end, over the link', async () => {
    const { url, edge } = await linkedProvider();
    const yuki = await signIn(url, YUKI);
    expect(await edge.send(fromOutside('subscribe', 'sub-0001', YUKI))).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-by-provider' }, presence: { state: 'available' } });
    await yuki.setPresence({ state: 'busy', note: 'meeting' });
    await until(() => edge.receivedOf('notify').length === 1, 'a notify reaches the edge');
    expect(edge.receivedOf('notify')[0]).toMatchObject({ from: YUKI, to: ALICE, asserted: 'verified', body: { presence: { state: 'busy', note: 'meeting' }, subscription: 'active' } });
    await yuki.changeList('block', 'add', ALICE);
    await until(() => edge.receivedOf('notify').length === 2, 'Alice is shown Yuki offline');
    expect(edge.receivedOf('notify')[1]).toMatchObject({ body: { presence: { state: 'offline', note: '' }, subscription: 'active' } });
    // Blocked now: the provider's full answer says so, for the organization's trace; Alice's server masks it.
    expect(await edge.send(fromOutside('subscribe', 'sub-0002', YUKI))).toMatchObject({ code: 403, diagnostic: { reason: 'blocked-by-provider-user' } });
  });
});

describe('the admin API', () => {
  it('does not exist without an admin token', async () => {
    const { url } = await startProvider();
    expect((await http(url, 'POST', '/api/reset', { token: 'anything' })).status).toBe(404);
  });

  it('refuses a missing or wrong token with 401 and changes nothing', async () => {
    const { url } = await startProvider({ adminToken: ADMIN_TOKEN });
    const body = { address: 'yara@yahoo.test', displayName: 'Yara', verified: true };
    for (const token of [undefined, 'wrong']) {
      const answer = await http(url, 'POST', '/api/users', { body, ...(token ? { token } : {}) });
      expect(answer).toEqual({ status: 401, body: { error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' } });
    }
    expect((await http(url, 'DELETE', `/api/users/${YUKI}`)).status).toBe(401);
    expect((await http(url, 'GET', '/directory')).body.users).toHaveLength(3);
    const events = (await http(url, 'GET', '/api/security', { token: ADMIN_TOKEN })).body;
    expect(events.map((e: { kind: string; where: string; count: number }) => [e.kind, e.where, e.count])).toEqual([
      ['wrong-token', 'POST /api/users', 2], ['wrong-token', 'DELETE /api/users/:address', 1],
    ]);
  });

  it('gives a user added at run time their own password when the admin sets one', async () => {
    const { url } = await startProvider({ adminToken: ADMIN_TOKEN });
    await http(url, 'POST', '/api/users', { body: { address: 'yara@yahoo.test', displayName: 'Yara', verified: true, password: 'yaras-own' }, token: ADMIN_TOKEN });
    expect(await refusal(url, { address: 'yara@yahoo.test', password: PASSWORD })).toMatch(/^wrong-password: /);
    await signIn(url, 'yara@yahoo.test', 'yaras-own');
  });

  it('keeps a run-time user and her own password across a restart, in its data file as a salted hash only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-provider-'));
    closeLater(() => rmSync(dir, { recursive: true, force: true }));
    const database = join(dir, 'provider-yahoo.db');
    const first = await buildProvider({ provider: structuredClone(YAHOO), timeoutMs: 1000, linkSecret: LINK_SECRET, password: PASSWORD, adminToken: ADMIN_TOKEN, database });
    const port = await first.listen(0, '127.0.0.1');
    const body = { address: 'yara@yahoo.test', displayName: 'Yara', verified: true, password: 'yaras-own' };
    expect((await http(`http://127.0.0.1:${port}`, 'POST', '/api/users', { body, token: ADMIN_TOKEN })).status).toBe(201);
    await first.close();
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes('yaras-own')).toBe(false);
    const { url } = await startProvider({ adminToken: ADMIN_TOKEN, database });
    expect(await refusal(url, { address: 'yara@yahoo.test', password: PASSWORD })).toMatch(/^wrong-password: /);
    await signIn(url, 'yara@yahoo.test', 'yaras-own');
  });

  it('adds and removes users at run time', async () => {
    const { url } = await startProvider({ adminToken: ADMIN_TOKEN });
    const add = (body: unknown) => http(url, 'POST', '/api/users', { body, token: ADMIN_TOKEN });
    expect(await add({ address: 'yara@yahoo.test', displayName: 'Yara', verified: false })).toEqual({ status: 201, body: { address: 'yara@yahoo.test' } });
    expect(await add({ address: YUKI, displayName: 'Again', verified: true })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await add({ address: 'sam@hotmail.test', displayName: 'Sam', verified: true })).toMatchObject({ status: 400, body: { error: 'invalid-payload' } });
    expect(await add({ address: 'yves@yahoo.test', displayName: 'Yves' })).toMatchObject({ status: 400, body: { error: 'invalid-payload', message: expect.stringContaining('verified') } });
    const yara = await signIn(url, 'yara@yahoo.test');
    expect((await http(url, 'DELETE', '/api/users/yara@yahoo.test', { token: ADMIN_TOKEN })).status).toBe(204);
    await until(() => yara.state === 'disconnected', 'Yara\'s connection is closed');
    expect(await refusal(url, { address: 'yara@yahoo.test', password: PASSWORD })).toMatch(/^user-not-found/);
    expect(await http(url, 'DELETE', '/api/users/yara@yahoo.test', { token: ADMIN_TOKEN })).toMatchObject({ status: 404, body: { error: 'not-found' } });
  });

  it('resets to the topology: everyone signed out, run-time users gone, answered ids forgotten', async () => {
    const { url, edge } = await linkedProvider({ adminToken: ADMIN_TOKEN });
    await http(url, 'POST', '/api/users', { body: { address: 'yara@yahoo.test', displayName: 'Yara', verified: true }, token: ADMIN_TOKEN });
    const yuki = await signIn(url, YUKI);
    const invite = fromOutside('invite', 'reset-0001', YUKI, { sessionId: 'reset-sess' });
    expect((await edge.send(invite)).code).toBe(200);
    expect(await http(url, 'POST', '/api/reset', { token: ADMIN_TOKEN })).toEqual({ status: 200, body: { reset: true } });
    await until(() => yuki.state === 'signed-out', 'Yuki is signed out');
    expect(yuki.signOuts).toEqual(['server-closing']);
    expect((await http(url, 'GET', '/directory')).body.users.map((u: { address: string }) => u.address)).toEqual([YUKI, YAN, YOKO]);
    const again = await signIn(url, YUKI);
    expect((await edge.send(invite)).code).toBe(200);
    expect(again.seenOf('invite')).toHaveLength(1);
  });
});
