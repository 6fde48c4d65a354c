import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, Filtering } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { ALICE, FakeHome, FakeProvider, INTERNAL_TOKEN, YUKI, closeAll, closedPort, edgeWithPeers, refusal, request, until } from './edge.test-support.ts';

afterEach(closeAll);

const SAM = 'sam@hotmail.test';
const FIONA = 'fiona@fabrikam.test';
const ALL_ENABLED = { senderEnablement: { federation: true, publicIm: true } };
const FORBIDDEN = { requestId: expect.any(String), code: 403, diagnostic: { id: 1403, reason: 'forbidden', sentence: 'The recipient does not accept this request.', hop: 'edge' }, public: true };

/** The edge's traffic entry for a request: what decided it, before the public form. */
async function decided(api: Awaited<ReturnType<typeof edgeWithPeers>>['api'], requestId: string) {
  const entry = (await api('GET', '/api/traffic')).body.find((e: { requestId: string }) => e.requestId === requestId);
  return entry && { code: entry.code, reason: entry.reason, hop: entry.hop, direction: entry.direction, provider: entry.provider };
}

describe('inbound: a provider\'s request through the edge', () => {
  it('is stamped, stripped of what the provider may not say, handed to the home server, and answered in the public form', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    home.answer = (r) => answerFor(r.id, 'accepted-by-setting', 'home', { presence: { state: 'busy', note: '' }, trail: [] });
    const forged = { network: 'federation', provider: 'fabrikam', fqdn: 'x', verification: 'verified' };
    const sent = request('subscribe', 'in-0001', YUKI, ALICE, {}, { asserted: 'unverified', stamp: forged, senderEnablement: { federation: true, publicIm: true } });
    const answer = await yahoo.send(sent);
    expect(answer).toEqual({ requestId: 'in-0001', code: 200, diagnostic: { id: 1000, reason: 'accepted', sentence: 'The request was accepted.', hop: 'edge' }, public: true, presence: { state: 'busy', note: '' } });
    const { stamp: _forged, senderEnablement: _enablement, ...rest } = sent;
    expect(home.received).toEqual([{ ...rest, stamp: { network: 'publiccloud', provider: 'yahoo', fqdn: 'sip.yahoo.test', verification: 'unverified' } }]);
    expect(await decided(api, 'in-0001')).toEqual({ code: 200, reason: 'accepted-by-setting', hop: 'home', direction: 'inbound', provider: 'yahoo' });
    const trace = (await api('GET', '/api/traces/in-0001')).body;
    expect(trace.decisions.map((d: { rule: string }) => d.rule)).toEqual(['inbound.1-authenticated-link', 'inbound.relay', 'inbound.2-global-switch', 'inbound.3-provider-allowed', 'inbound.4-trust-stamp']);
  });

  it('stamps the verification the provider\'s filtering gives, and the network its kind', async () => {
    const { api, home, yahoo, fabrikam } = await edgeWithPeers();
    const cases: [Filtering, string | undefined, string][] = [
      ['contacts-only', 'verified', 'unverified'], ['allow-all', 'unverified', 'verified'], ['allow-all', undefined, 'verified'],
      ['verified-only', 'verified', 'verified'], ['verified-only', 'unverified', 'unverified'], ['verified-only', undefined, 'unverified'],
    ];
    for (const [n, [filtering, asserted, expected]] of cases.entries()) {
      await api('PATCH', '/api/providers/yahoo', { filtering });
      await yahoo.send(request('subscribe', `stamp-000${n}`, YUKI, ALICE, {}, asserted ? { asserted } : {}));
      expect(home.received.at(-1)?.stamp?.verification, `${filtering} with ${asserted}`).toBe(expected);
    }
    await fabrikam.send(request('subscribe', 'stamp-0010', FIONA, ALICE, {}, { asserted: 'verified' }));
    expect(home.received.at(-1)?.stamp).toEqual({ network: 'federation', provider: 'fabrikam', fqdn: 'sip.fabrikam.test', verification: 'verified' });
  });

  it('rule 1: a sender outside the link\'s domains is refused and recorded as a security event', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    expect(await yahoo.send(request('invite', 'spoof-0001', SAM, ALICE, { sessionId: 'sess-spoof' }))).toEqual({ ...FORBIDDEN, requestId: 'spoof-0001' });
    expect(await decided(api, 'spoof-0001')).toMatchObject({ code: 403, reason: 'spoofed-sender-domain', hop: 'edge' });
    expect((await api('GET', '/api/security')).body).toEqual([{
      id: expect.any(String), kind: 'spoofed-sender-domain', node: 'edge', source: 'link:yahoo', where: 'federation', subject: SAM, requestId: 'spoof-0001',
      detail: 'hotmail.test is not a domain of yahoo, whose link carried the request.', at: expect.any(Number), lastAt: expect.any(Number), count: 1,
    }]);
    // A spoofed request inside a dialog ends nothing: no teardown reaches the home server.
    await yahoo.send(request('message', 'spoof-0002', SAM, ALICE, { sessionId: 'sess-spoof', text: 'hi' }));
    await yahoo.send(request('subscribe', 'after-0001', YUKI, ALICE));
    expect(home.received.map((r) => r.id)).toEqual(['after-0001']);
  });

  it('does not relay between two outside parties, even with the switch off', async () => {
    const { api, home, yahoo, msn } = await edgeWithPeers();
    expect(await yahoo.send(request('invite', 'relay-0001', YUKI, SAM, { sessionId: 'sess-relay' }))).toMatchObject({ code: 403, diagnostic: { reason: 'forbidden' } });
    expect(await decided(api, 'relay-0001')).toMatchObject({ reason: 'cross-provider-relay' });
    await api('PUT', '/api/global', { federationEnabled: false });
    await yahoo.send(request('invite', 'relay-0002', YUKI, SAM, { sessionId: 'sess-relay' }));
    expect(await decided(api, 'relay-0002')).toMatchObject({ reason: 'cross-provider-relay' });
    expect(msn.received).toEqual([]);
    expect(home.received).toEqual([]);
    // Issue 8: relay attempts are security events, with the link they came on and the sender.
    expect((await api('GET', '/api/security?kind=cross-provider-relay')).body).toMatchObject([{ kind: 'cross-provider-relay', source: 'link:yahoo', subject: YUKI, requestId: 'relay-0001', count: 2 }]);
  });

  it('rules 2 and 3: the switch off, a blocked provider, a removed one: 403 from the edge, nothing reaches the home server', async () => {
    const { api, home, yahoo, msn } = await edgeWithPeers();
    await msn.send(request('subscribe', 'r3-0001', SAM, ALICE));
    expect(await decided(api, 'r3-0001')).toMatchObject({ code: 403, reason: 'provider-blocked' });
    await api('DELETE', '/api/providers/msn');
    // The removed provider's open link is kept so that rule 3 answers it.
    expect(await msn.send(request('subscribe', 'r3-0002', SAM, ALICE))).toEqual({ ...FORBIDDEN, requestId: 'r3-0002' });
    expect(await decided(api, 'r3-0002')).toMatchObject({ code: 403, reason: 'provider-not-listed' });
    await api('PUT', '/api/global', { federationEnabled: false });
    expect(await yahoo.send(request('subscribe', 'r2-0001', YUKI, ALICE))).toEqual({ ...FORBIDDEN, requestId: 'r2-0001' });
    expect(await decided(api, 'r2-0001')).toMatchObject({ code: 403, reason: 'federation-disabled' });
    expect(home.received).toEqual([]);
  });

  it('masks the Block list as an unavailable recipient, and answers 504 while the home server is away', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    home.answer = (r) => answerFor(r.id, 'sender-on-block-list', 'home');
    expect(await yahoo.send(request('invite', 'mask-0001', YUKI, ALICE, { sessionId: 'sess-mask' })))
      .toEqual({ requestId: 'mask-0001', code: 480, diagnostic: { id: 1480, reason: 'temporarily-unavailable', sentence: 'The recipient is temporarily unavailable.', hop: 'edge' }, public: true });
    expect(await decided(api, 'mask-0001')).toMatchObject({ reason: 'sender-on-block-list', hop: 'home' });
    home.socket.close();
    await until(async () => !(await api('GET', '/health', undefined, null)).body.homeLink, 'the home link is down');
    expect(await yahoo.send(request('invite', 'away-0001', YUKI, ALICE, { sessionId: 'sess-away' }))).toMatchObject({ code: 504, diagnostic: { reason: 'unreachable', hop: 'edge' }, public: true });
    expect(await decided(api, 'away-0001')).toMatchObject({ code: 504, reason: 'home-unreachable' });
  });

  it('ends the dialog on both sides when it stops a message or a presence update that a change should have ended', async () => {
    const { api, home, msn, yahoo } = await edgeWithPeers();
    await msn.send(request('subscribe', 'td-0001', SAM, ALICE));
    const answer = await msn.send(request('message', 'td-0002', SAM, ALICE, { sessionId: 'sess-td', text: 'hello?' }));
    expect(answer).toEqual({ ...FORBIDDEN, requestId: 'td-0002', endsDialog: true });
    const pair = { inside: { domains: ['contoso.test'], user: ALICE }, outside: { user: SAM } };
    const notice = { change: { kind: 'provider-blocked', target: 'msn' }, scope: pair };
    await until(() => home.teardowns.length === 1 && msn.teardowns.length === 1 && yahoo.teardowns.length === 1, 'both sides (and every link) are told');
    expect(home.teardowns).toEqual([notice]);
    expect(msn.teardowns).toEqual([notice]);
    await msn.send(request('notify', 'td-0003', SAM, ALICE, { presence: { state: 'busy', note: '' }, subscription: 'active' }));
    await until(() => home.teardowns.length === 2, 'the subscription ends too');
    // Nothing of the sender's crosses: the home server got no request, only the teardown.
    expect(home.received).toEqual([]);
    expect((await api('GET', '/api/traffic')).body.map((e: { requestId: string }) => e.requestId)).toEqual(['td-0001', 'td-0002', 'td-0003']);
  });
});

describe('outbound: an internal user\'s request through the edge', () => {
  it('outbound rule 1 rejects at the edge without contacting the provider', async () => {
    const { api, home, yahoo, msn, fabrikam } = await edgeWithPeers();
    const send = async (id: string, to: string, enablement?: object) => home.send(request('subscribe', id, ALICE, to, {}, enablement ? { senderEnablement: enablement } : {}));
    const expectations: [Answer, string][] = [
      [await send('o1-0001', 'icq@icq.test', ALL_ENABLED.senderEnablement), 'provider-not-listed'],
      [await send('o1-0002', SAM, ALL_ENABLED.senderEnablement), 'provider-blocked'],
      [await send('o1-0003', YUKI, { federation: true, publicIm: false }), 'sender-not-enabled-public-im'],
      [await send('o1-0004', FIONA, { federation: false, publicIm: true }), 'sender-not-enabled-federation'],
      [await send('o1-0005', YUKI), 'sender-not-enabled-public-im'],
    ];
    for (const [answer, reason] of expectations) {
      expect(answer, reason).toMatchObject({ code: 403, public: false, diagnostic: { reason, hop: 'edge' }, trail: [{ rule: 'outbound.1-edge', reason }] });
    }
    await api('PUT', '/api/global', { federationEnabled: false });
    expect(await send('o1-0006', YUKI, ALL_ENABLED.senderEnablement)).toMatchObject({ code: 403, diagnostic: { reason: 'federation-disabled' } });
    expect((await api('GET', '/api/traffic')).body.find((e: { requestId: string }) => e.requestId === 'o1-0001')).not.toHaveProperty('provider');
    expect([...yahoo.received, ...msn.received, ...fabrikam.received]).toEqual([]);
  });

  it('refuses internal traffic that reached it: 400', async () => {
    const { home } = await edgeWithPeers();
    const answer = await home.send(request('invite', 'int-0001', ALICE, 'bob@contoso.test', { sessionId: 'sess-int' }, ALL_ENABLED));
    expect(answer).toMatchObject({ code: 400, diagnostic: { reason: 'malformed', hop: 'edge' }, trail: [{ rule: 'routing' }] });
  });

  it('sends to the provider\'s configured address only, without the home server\'s and the edge\'s fields, and answers in full form', async () => {
    const { api, home, yahoo, msn, fabrikam } = await edgeWithPeers();
    yahoo.answer = (r) => answerFor(r.id, 'accepted-by-provider', 'provider', { presence: { state: 'away', note: '' }, trail: [{ hop: 'provider', node: 'yahoo', rule: 'outbound.3-provider', inputs: {}, code: 200, reason: 'accepted-by-provider', explanation: 'ok', at: Date.now() }] });
    const sent = request('subscribe', 'out-0001', ALICE, YUKI, {}, { ...ALL_ENABLED, asserted: 'verified', stamp: { network: 'publiccloud', provider: 'yahoo', fqdn: 'x', verification: 'verified' } });
    const answer = await home.send(sent);
    expect(answer).toMatchObject({ code: 200, public: false, presence: { state: 'away', note: '' }, diagnostic: { reason: 'accepted-by-provider', hop: 'provider' } });
    expect(answer.trail?.map((d) => d.rule)).toEqual(['outbound.1-edge', 'outbound.3-provider']);
    const { senderEnablement: _e, asserted: _a, stamp: _s, ...outgoing } = sent;
    expect(yahoo.received).toEqual([outgoing]);
    expect([...msn.received, ...fabrikam.received]).toEqual([]);
    expect(await decided(api, 'out-0001')).toEqual({ code: 200, reason: 'accepted-by-provider', hop: 'provider', direction: 'outbound', provider: 'yahoo' });

    // A new address is dialed anew, and the next request goes there, and only there.
    const moved = await FakeProvider.start('yahoo', 'sip.yahoo.test', ['yahoo.test']);
    await api('PATCH', '/api/providers/yahoo', { address: { fqdn: 'sip.yahoo.test', port: moved.port } });
    await until(async () => (await api('GET', '/api/links')).body[0].state === 'connected' && moved.socket, 'the link to the new address is up');
    await home.send(request('subscribe', 'out-0002', ALICE, YUKI, {}, ALL_ENABLED));
    expect(moved.received.map((r) => r.id)).toEqual(['out-0002']);
    expect(yahoo.received.map((r) => r.id)).toEqual(['out-0001']);
  });

  it('answers 504 provider-unreachable at once when the configured address does not answer', async () => {
    const { api, home } = await edgeWithPeers();
    await api('PATCH', '/api/providers/yahoo', { address: { fqdn: 'sip.yahoo.test', port: await closedPort() } });
    const started = Date.now();
    const answer = await home.send(request('invite', 'un-0001', ALICE, YUKI, { sessionId: 'sess-un' }, ALL_ENABLED));
    expect(answer).toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable', hop: 'edge' }, trail: [{ rule: 'outbound.1-edge' }, { rule: 'link' }] });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('marks a provider\'s answer that ends the session', async () => {
    const { home, yahoo } = await edgeWithPeers();
    yahoo.answer = (r) => answerFor(r.id, 'recipient-offline', 'provider');
    expect(await home.send(request('message', 'end-0001', ALICE, YUKI, { sessionId: 'sess-end', text: 'hi' }, ALL_ENABLED))).toMatchObject({ code: 480, endsDialog: true });
    expect(await home.send(request('invite', 'end-0002', ALICE, YUKI, { sessionId: 'sess-end2' }, ALL_ENABLED))).not.toHaveProperty('endsDialog');
  });

  it('ends the dialog on both sides when it stops a message or a presence update of a disabled sender', async () => {
    const { home, yahoo } = await edgeWithPeers();
    const answer = await home.send(request('message', 'otd-0001', ALICE, YUKI, { sessionId: 'sess-otd', text: 'hi' }, { senderEnablement: { federation: true, publicIm: false } }));
    expect(answer).toMatchObject({ code: 403, endsDialog: true, diagnostic: { reason: 'sender-not-enabled-public-im' } });
    await until(() => yahoo.teardowns.length === 1 && home.teardowns.length === 1, 'both sides are told');
    expect(yahoo.teardowns).toEqual([{ change: { kind: 'user-disabled', target: ALICE, detail: 'public-im' }, scope: { inside: { domains: ['contoso.test'], user: ALICE }, outside: { user: YUKI } } }]);
    expect(yahoo.received).toEqual([]);
    // An opening request ends nothing.
    await home.send(request('invite', 'otd-0003', ALICE, YUKI, { sessionId: 'sess-otd3' }, { senderEnablement: { federation: true, publicIm: false } }));
    await home.send(request('subscribe', 'otd-0004', ALICE, YUKI, {}, ALL_ENABLED));
    expect(yahoo.received.map((r) => r.id)).toEqual(['otd-0004']);
    expect(yahoo.teardowns).toHaveLength(1);
  });
});

describe('the /internal namespace', () => {
  it('refuses a wrong secret, and a new home connection replaces the older one', async () => {
    const { url, home, yahoo } = await edgeWithPeers();
    expect(await refusal(`${url}/internal`, { token: 'wrong' })).toBe('unauthorized: wrong internal link token');
    const newer = new FakeHome(url, INTERNAL_TOKEN);
    await newer.connected();
    await until(() => !home.socket.connected, 'the older home connection is closed');
    await yahoo.send(request('subscribe', 'new-0001', YUKI, ALICE));
    expect(newer.received.map((r) => r.id)).toEqual(['new-0001']);
  });
});
