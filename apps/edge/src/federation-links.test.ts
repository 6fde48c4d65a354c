import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, FedRequest, LinkState, ProviderEntry } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as dial } from 'socket.io-client';
import { SecurityLog, acceptEdge } from '@fedlab/server';
import { FederationLinks, type FederationLinksOptions } from './federation-links.ts';
import { FakeProvider, ORG_DOMAINS, closeAll, closeLater, closedPort, request, secretOf, until } from './edge.test-support.ts';

afterEach(closeAll);

const FQDN = 'sip.yahoo.test';

function entryAt(port: number, changes: Partial<ProviderEntry> = {}): ProviderEntry {
  return { id: 'yahoo', name: 'Yahoo!', address: { fqdn: FQDN, port }, public: true, allowed: true, filtering: 'verified-only', domains: ['yahoo.test'], ...changes };
}

/** FederationLinks with a recording onRequest/onChange; FQDNs under .test resolve to loopback. */
function makeLinks(options: Partial<FederationLinksOptions> = {}) {
  const states: LinkState[] = [];
  const inbound: { provider: string; request: FedRequest }[] = [];
  let answer = (request: FedRequest): Answer => answerFor(request.id, 'delivered', 'client');
  const security = new SecurityLog('edge');
  const links: FederationLinks = new FederationLinks({
    edgeFqdn: 'edge.contoso.test', orgDomains: ORG_DOMAINS, timeoutMs: 500, secretOf, security, log: () => undefined,
    resolve: (fqdn) => (fqdn.endsWith('.test') ? '127.0.0.1' : fqdn),
    onRequest: async (provider, request) => {
      inbound.push({ provider, request });
      return answer(request);
    },
    onChange: () => {
      const state = links.status().find((s) => s.provider === 'yahoo')?.state;
      if (state && states.at(-1) !== state) states.push(state);
    },
    ...options,
  });
  closeLater(() => links.close());
  const stateOf = () => links.status().find((s) => s.provider === 'yahoo');
  return { links, states, inbound, stateOf, security, setAnswer: (fn: typeof answer) => (answer = fn) };
}

async function fakeYahoo(): Promise<FakeProvider> {
  return FakeProvider.start('yahoo', FQDN, ['yahoo.test', 'hotmail.test']);
}

describe('FederationLinks', () => {
  it('dials the configured address, and is connected once the provider proved it holds the link secret and so did the edge', async () => {
    const yahoo = await fakeYahoo();
    const { links, states, stateOf } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    expect(stateOf()).toMatchObject({ provider: 'yahoo', state: 'connecting' });
    await until(() => links.connected('yahoo'), 'the link is up');
    expect(states).toEqual(['connected']);
    expect(stateOf()).toEqual({ provider: 'yahoo', state: 'connected', since: expect.any(Number) });
    // Nothing is sent at the handshake (socket.io auth): the secret never travels.
    expect(yahoo.tokens).toEqual([undefined]);
    expect(yahoo.hellos).toEqual([{ domains: ORG_DOMAINS, fqdn: 'edge.contoso.test', expectedFqdn: FQDN, expectedPort: yahoo.port, nonce: expect.stringMatching(/^[\w-]{32}$/) }]);
    expect(yahoo.proofs).toEqual([{ proof: expect.stringMatching(/^[\w-]{43}$/) }]);
    expect(JSON.stringify([yahoo.hellos, yahoo.proofs])).not.toContain(secretOf('yahoo'));
    // The domains come from the list entry, never from what the provider claims in its hello.
    expect(links.authenticated('yahoo')).toEqual({ provider: 'yahoo', domains: ['yahoo.test'] });
    expect(links.has('yahoo')).toBe(true);
  });

  it('issue 8: shows a fake peer at a wrong address nothing it could replay, and marks the link auth-failed', async () => {
    // The entry for Yahoo! points at a peer that does not hold Yahoo!'s secret (an admin's typo, a hijacked name).
    const fake = await fakeYahoo();
    fake.secret = 'a-guess-at-the-secret';
    const { links, stateOf, security } = makeLinks();
    links.sync([entryAt(fake.port)]);
    await until(() => stateOf()?.state === 'auth-failed', 'the link failed authentication');
    expect(stateOf()?.detail).toBe(`the peer did not prove it holds the link secret of ${FQDN}:${fake.port}`);
    // The edge sent its fresh nonce, and nothing else: no token, no proof of its own.
    expect(fake.tokens).toEqual([undefined]);
    expect(fake.proofs).toEqual([]);
    expect(links.connected('yahoo')).toBeUndefined();
    expect(links.authenticated('yahoo')).toBeUndefined();
    expect(security.list()).toMatchObject([{ kind: 'link-auth-failed', node: 'edge', source: 'link:yahoo', detail: expect.stringContaining('did not prove it holds the link secret') }]);
  });

  it('issue 8: a fake peer that relays the handshake to the real provider gets nothing the provider accepts', async () => {
    // The real Yahoo!'s side of the handshake (what apps/provider runs).
    const httpServer = createServer();
    const realIo = new Server(httpServer);
    closeLater(() => new Promise<void>((resolve) => realIo.close(() => resolve())));
    let realLinked = false;
    acceptEdge(realIo.of('/federation'), { name: 'Yahoo!', fqdn: FQDN, port: () => (httpServer.address() as AddressInfo).port, domains: ['yahoo.test'], secret: secretOf('yahoo'), security: new SecurityLog('yahoo'), timeoutMs: 500, log: () => undefined, onEdge: () => (realLinked = true) });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const realPort = (httpServer.address() as AddressInfo).port;
    // The relay sits at another address (the same FQDN on another port, or another FQDN) and forwards every word to the real Yahoo!.
    for (const relayFqdn of [FQDN, 'sip.evil.test']) {
      const relay = await FakeProvider.start('yahoo', relayFqdn, ['yahoo.test']);
      const upstream = dial(`http://127.0.0.1:${realPort}/federation`, { transports: ['websocket'], forceNew: true, reconnection: false });
      closeLater(() => upstream.close());
      const relayed: unknown[] = [];
      relay.io.of('/federation').on('connection', (socket) => {
        socket.removeAllListeners('hello');
        socket.removeAllListeners('prove');
        socket.on('hello', async (hello: Record<string, unknown>, ack: (a: unknown) => void) => ack(await upstream.emitWithAck('hello', { ...hello, expectedFqdn: FQDN })));
        socket.on('prove', async (proof: unknown, ack: (a: unknown) => void) => {
          relayed.push(proof);
          ack(await upstream.emitWithAck('prove', proof));
        });
      });
      const { links, stateOf } = makeLinks();
      links.sync([entryAt(relay.port, { address: { fqdn: relayFqdn, port: relay.port } })]);
      await until(() => stateOf()?.state === 'fqdn-mismatch' || stateOf()?.state === 'auth-failed', 'the edge refuses the relay');
      expect({ relayFqdn, state: stateOf()?.state }).toEqual({ relayFqdn, state: relayFqdn === FQDN ? 'auth-failed' : 'fqdn-mismatch' });
      expect(links.connected('yahoo')).toBeUndefined();
      // The edge never proved itself to the relay, so the relay had nothing to hand the real Yahoo!.
      expect(relayed).toEqual([]);
      expect(realLinked).toBe(false);
      links.close();
    }
  });

  it('cannot link an entry whose secret it does not know, and says so', async () => {
    const yahoo = await fakeYahoo();
    const { links, stateOf } = makeLinks({ secretOf: () => undefined });
    links.sync([entryAt(yahoo.port)]);
    await until(() => stateOf()?.state === 'auth-failed', 'the link failed authentication');
    expect(stateOf()?.detail).toBe('no link secret is known for this entry: give one (linkSecret) when adding it');
    expect(yahoo.hellos).toEqual([]);
  });

  it('is auth-failed when the provider refuses the edge\'s proof (the secrets differ)', async () => {
    const yahoo = await fakeYahoo();
    const { links, stateOf } = makeLinks({ secretOf: () => 'the-edge-has-another-secret' });
    yahoo.secret = 'the-edge-has-another-secret';
    // The fake proves with the shared secret but checks the edge's proof against another one.
    const prove = yahoo.helloAnswer;
    yahoo.helloAnswer = (hello) => {
      const answer = prove(hello);
      yahoo.secret = 'something-else-entirely';
      return answer;
    };
    links.sync([entryAt(yahoo.port)]);
    await until(() => stateOf()?.state === 'auth-failed', 'the link failed authentication');
    expect(stateOf()?.detail).toBe(`the provider refused the edge's proof: check the link secret of ${FQDN}:${yahoo.port}`);
  });

  it('leaves the link in fqdn-mismatch, unused, when the hello answers another FQDN or no ProviderHello', async () => {
    for (const hello of [{ name: 'Other', fqdn: 'sip.other.test', domains: ['yahoo.test'] }, 'ok']) {
      const yahoo = await fakeYahoo();
      yahoo.helloAnswer = () => hello;
      const { links, stateOf } = makeLinks();
      links.sync([entryAt(yahoo.port)]);
      await until(() => stateOf()?.state === 'fqdn-mismatch', 'the link is in fqdn-mismatch');
      expect(stateOf()?.detail).toBe(`the peer did not prove it is ${FQDN}`);
      expect(links.connected('yahoo')).toBeUndefined();
      expect(links.authenticated('yahoo')).toBeUndefined();
      links.close();
    }
  });

  it('hangs up on a peer that does not answer the handshake, and dials again until it does', async () => {
    const yahoo = await fakeYahoo();
    yahoo.answersHello = false;
    const { links, stateOf } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    await until(() => stateOf()?.state === 'unreachable', 'the link is unreachable');
    expect(stateOf()?.detail).toBe('no answer to hello');
    yahoo.answersHello = true;
    await until(() => links.connected('yahoo'), 'the link comes up by itself once the peer answers');
    expect(yahoo.connections).toBeGreaterThan(1);
  });

  it('is unreachable at a port where nothing listens, naming the address it dialed', async () => {
    const port = await closedPort();
    const { links, stateOf } = makeLinks();
    links.sync([entryAt(port)]);
    await until(() => stateOf()?.state === 'unreachable', 'the link is unreachable');
    expect(stateOf()?.detail).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/federation: `));
    expect(links.connected('yahoo')).toBeUndefined();
  });

  it('dials a changed address anew, and drops the old one', async () => {
    const before = await fakeYahoo();
    const after = await fakeYahoo();
    const { links } = makeLinks();
    links.sync([entryAt(before.port)]);
    await until(() => links.connected('yahoo'), 'the link is up');
    links.sync([entryAt(after.port)]);
    await until(() => links.connected('yahoo') && after.socket, 'the link is up at the new address');
    await until(() => before.dropped.length === 1, 'the old link is dropped');
    expect(after.hellos).toHaveLength(1);
  });

  it('applies a changed domain list at once, without dialing again', async () => {
    const yahoo = await fakeYahoo();
    const { links } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    await until(() => links.connected('yahoo'), 'the link is up');
    links.sync([entryAt(yahoo.port, { domains: ['yahoo.test', 'ymail.test'], allowed: false })]);
    expect(links.authenticated('yahoo')?.domains).toEqual(['yahoo.test', 'ymail.test']);
    expect(links.connected('yahoo')).toBeDefined();
    expect(yahoo.connections).toBe(1);
  });

  it('keeps a removed entry\'s open link, unlisted and unused, until the provider hangs up', async () => {
    const yahoo = await fakeYahoo();
    const { links, inbound } = makeLinks();
    const entry = entryAt(yahoo.port);
    links.sync([entry]);
    await until(() => links.connected('yahoo') && yahoo.socket, 'the link is up');
    links.sync([]);
    expect(links.status()).toEqual([]);
    expect(links.has('yahoo')).toBe(false);
    expect(links.connected('yahoo')).toBeUndefined();
    // What the provider still sends arrives, for the edge to reject by rule 3.
    expect(links.authenticated('yahoo')).toEqual({ provider: 'yahoo', domains: ['yahoo.test'] });
    expect((await yahoo.send(request('invite', 'gone-0001', 'yuki@yahoo.test', 'alice@contoso.test', { sessionId: 'sess-gone' }))).code).toBe(200);
    expect(inbound.map((i) => i.request.id)).toEqual(['gone-0001']);
    expect(yahoo.dropped).toEqual([]);
    yahoo.socket!.disconnect(true);
    await until(() => !links.authenticated('yahoo'), 'the edge lets the link go');
    // Added back, it is dialed anew.
    links.sync([entry]);
    await until(() => links.connected('yahoo'), 'the link is up again');
    expect(yahoo.connections).toBe(2);
  });

  it('closes a removed entry\'s link at once when it is not up', async () => {
    const port = await closedPort();
    const { links } = makeLinks();
    links.sync([entryAt(port)]);
    links.sync([]);
    expect(links.status()).toEqual([]);
    expect(links.authenticated('yahoo')).toBeUndefined();
  });

  it('stays in fqdn-mismatch when the provider answers { error } and hangs up, as the real one does', async () => {
    const msn = await FakeProvider.start('msn', 'sip.msn.test', ['msn.test']);
    const { links, stateOf } = makeLinks();
    links.sync([entryAt(msn.port)]);
    await until(() => stateOf()?.state === 'fqdn-mismatch', 'the link is in fqdn-mismatch');
    await until(() => msn.dropped.length === 1, 'the socket is gone');
    expect(stateOf()).toMatchObject({ state: 'fqdn-mismatch', detail: 'this is sip.msn.test, not sip.yahoo.test' });
    expect(links.connected('yahoo')).toBeUndefined();
  });

  it('a down fault cuts the link and answers 504 at once; clearing it dials again', async () => {
    const yahoo = await fakeYahoo();
    const { links, stateOf } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    const link = await until(() => links.connected('yahoo'), 'the link is up');
    links.setFault('yahoo', { down: true });
    expect(stateOf()).toMatchObject({ state: 'unreachable', detail: 'fault: link down', fault: { down: true } });
    expect(await link.send(request('invite', 'down-0001', 'alice@contoso.test', 'yuki@yahoo.test', { sessionId: 'sess-down' }) as FedRequest))
      .toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable', hop: 'edge' } });
    await until(() => yahoo.dropped.length === 1, 'the provider sees the link go');
    links.setFault('yahoo', {});
    await until(() => links.connected('yahoo'), 'the link is up again');
    expect(yahoo.connections).toBe(2);
    expect(yahoo.received).toEqual([]);
  });

  it('a reset drops the transport, and the link comes back by itself', async () => {
    const yahoo = await fakeYahoo();
    const { links } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    await until(() => links.connected('yahoo'), 'the link is up');
    links.reset('yahoo');
    await until(() => yahoo.connections === 2 && links.connected('yahoo'), 'the link is up again');
  });

  it('carries requests both ways: the provider gets what the edge sends, and the public form of what the edge answers', async () => {
    const yahoo = await fakeYahoo();
    const { links, inbound, setAnswer } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    const link = await until(() => links.connected('yahoo'), 'the link is up');
    await until(() => yahoo.socket, 'the provider has its link');
    const outward = request('invite', 'out-0001', 'alice@contoso.test', 'yuki@yahoo.test', { sessionId: 'sess-out' }) as FedRequest;
    expect(await link.send(outward)).toMatchObject({ code: 200, diagnostic: { reason: 'delivered', hop: 'provider' } });
    expect(yahoo.received).toEqual([outward]);

    setAnswer((r) => answerFor(r.id, 'sender-on-block-list', 'home', { trail: [{ hop: 'home', node: 'home', rule: 'inbound.7-block-list', inputs: {}, code: 403, reason: 'sender-on-block-list', explanation: 'blocked', at: 1 }] }));
    const inward = request('invite', 'in-0001', 'yuki@yahoo.test', 'alice@contoso.test', { sessionId: 'sess-in' });
    expect(await yahoo.send(inward)).toEqual({ requestId: 'in-0001', code: 480, diagnostic: { id: 1480, reason: 'temporarily-unavailable', sentence: 'The recipient is temporarily unavailable.', hop: 'edge' }, public: true });
    expect(inbound).toEqual([{ provider: 'yahoo', request: inward }]);
    // Once per sender and id: the same request again gets the same answer and is not handed on again.
    expect((await yahoo.send(inward)).code).toBe(480);
    expect(inbound).toHaveLength(1);
    links.forget();
    await yahoo.send(inward);
    expect(inbound).toHaveLength(2);
    // Even a link-level 400 leaves in the public form.
    expect(await yahoo.send({ id: 'junk-0001', kind: 'invite', from: 'yuki@yahoo.test', to: 'alice@contoso.test', body: {} }))
      .toEqual({ requestId: 'junk-0001', code: 400, diagnostic: { id: 1400, reason: 'bad-request', sentence: 'The request is malformed.', hop: 'edge' }, public: true });
  });
});
