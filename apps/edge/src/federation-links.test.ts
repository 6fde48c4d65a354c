import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, FedRequest, LinkState, ProviderEntry } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { FederationLinks, type FederationLinksOptions } from './federation-links.ts';
import { FEDERATION_TOKEN, FakeProvider, ORG_DOMAINS, closeAll, closeLater, closedPort, request, until } from './edge.test-support.ts';

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
  const links: FederationLinks = new FederationLinks({
    edgeFqdn: 'edge.contoso.test', orgDomains: ORG_DOMAINS, timeoutMs: 500, federationToken: FEDERATION_TOKEN, log: () => undefined,
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
  return { links, states, inbound, stateOf, setAnswer: (fn: typeof answer) => (answer = fn) };
}

async function fakeYahoo(): Promise<FakeProvider> {
  return FakeProvider.start('yahoo', FQDN, ['yahoo.test', 'hotmail.test']);
}

describe('FederationLinks', () => {
  it('dials the configured address with its credential and hello, and is connected once the provider proves its FQDN', async () => {
    const yahoo = await fakeYahoo();
    const { links, states, stateOf } = makeLinks();
    links.sync([entryAt(yahoo.port)]);
    expect(stateOf()).toMatchObject({ provider: 'yahoo', state: 'connecting' });
    await until(() => links.connected('yahoo'), 'the link is up');
    expect(states).toEqual(['connected']);
    expect(stateOf()).toEqual({ provider: 'yahoo', state: 'connected', since: expect.any(Number) });
    expect(yahoo.tokens).toEqual([FEDERATION_TOKEN]);
    expect(yahoo.hellos).toEqual([{ domains: ORG_DOMAINS, fqdn: 'edge.contoso.test', expectedFqdn: FQDN }]);
    // The domains come from the list entry, never from what the provider claims in its hello.
    expect(links.authenticated('yahoo')).toEqual({ provider: 'yahoo', domains: ['yahoo.test'] });
    expect(links.has('yahoo')).toBe(true);
  });

  it('presents no credential when it has none', async () => {
    const yahoo = await fakeYahoo();
    const { links } = makeLinks({ federationToken: undefined });
    links.sync([entryAt(yahoo.port)]);
    await until(() => links.connected('yahoo'), 'the link is up');
    expect(yahoo.tokens).toEqual([undefined]);
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
