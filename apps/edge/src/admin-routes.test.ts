import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderEntry } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { AdminClient } from '@fedlab/sdk';
import { ADMIN_TOKEN, ALICE, FakeHome, FakeProvider, YUKI, adminPage, closeAll, edgeWithPeers, refusal, request, secretOf, until } from './edge.test-support.ts';

afterEach(closeAll);

const UNAUTHORIZED = { error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' };

function aolAt(fake: FakeProvider): ProviderEntry {
  return { id: 'aol', name: 'AOL', address: { fqdn: fake.fqdn, port: fake.port }, public: true, allowed: true, filtering: 'allow-all', domains: ['aol.test', 'aim.test'] };
}

describe('the edge\'s admin REST API', () => {
  it('refuses a missing or wrong token with 401 on every route, and changes nothing', async () => {
    const { api } = await edgeWithPeers();
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/state'], ['GET', '/api/providers'], ['POST', '/api/providers', { id: 'icq', name: 'ICQ', address: { fqdn: 'sip.icq.test', port: 5060 }, public: true, allowed: true, filtering: 'allow-all', domains: ['icq.test'] }], ['PATCH', '/api/providers/yahoo', { allowed: false }],
      ['DELETE', '/api/providers/yahoo'], ['GET', '/api/global'], ['PUT', '/api/global', { federationEnabled: false }], ['GET', '/api/links'],
      ['PUT', '/api/links/yahoo/fault', { down: true }], ['DELETE', '/api/links/yahoo/fault'], ['POST', '/api/links/yahoo/reset'],
      ['GET', '/api/traces/abcd'], ['GET', '/api/traffic'], ['GET', '/api/audit'], ['GET', '/api/security'], ['POST', '/api/reset'],
    ];
    // Side by side: each is refused before it could change anything, so their order does not matter.
    const calls = routes.flatMap(([method, path, body]) => [null, 'wrong'].map(async (token) => ({ route: `${method} ${path}`, answer: await api(method, path, body, token) })));
    for (const { route, answer } of await Promise.all(calls)) expect(answer, route).toEqual({ status: 401, body: UNAUTHORIZED });
    const state = (await api('GET', '/api/state')).body;
    expect(state.federationEnabled).toBe(true);
    expect(state.providers.map((p: ProviderEntry) => [p.id, p.allowed])).toEqual([['yahoo', true], ['msn', false], ['fabrikam', true]]);
    expect(state.links.every((l: { fault?: unknown }) => !l.fault)).toBe(true);
    expect((await api('GET', '/api/audit')).body).toEqual([]);
    // Issue 8: every wrong or missing token is a security event, one per route a minute with its count.
    const events = (await api('GET', '/api/security?kind=wrong-token')).body as { where: string; count: number; source: string; node: string }[];
    const byPlace = (rows: [string, number][]) => rows.sort(([a], [b]) => a.localeCompare(b));
    expect(byPlace(events.map((e) => [e.where, e.count]))).toEqual(byPlace(routes.map(([method, path]) => [`${method} ${path.replace('yahoo', ':id').replace('/links/:id', '/links/:name').replace('abcd', ':id')}`, 2])));
    expect(events.every((e) => e.node === 'edge' && /127\.0\.0\.1/.test(e.source))).toBe(true);
  });

  it('lists security events filtered by kind, node, time and count, documented in OpenAPI', async () => {
    const { api, url } = await edgeWithPeers();
    await api('GET', '/api/state', undefined, 'wrong');
    await refusal(`${url}/internal`, { token: 'wrong' });
    await refusal(`${url}/admin`, {});
    const all = (await api('GET', '/api/security')).body as { kind: string; where: string }[];
    expect(all.map((e) => [e.kind, e.where])).toEqual([['wrong-token', 'GET /api/state'], ['wrong-token', '/internal'], ['wrong-token', '/admin']]);
    expect((await api('GET', '/api/security?limit=1')).body).toMatchObject([{ where: '/admin' }]);
    expect((await api('GET', '/api/security?node=home')).body).toEqual([]);
    expect((await api('GET', `/api/security?since=${Date.now() + 60_000}`)).body).toEqual([]);
    expect((await api('GET', '/api/security?kind=nonsense')).status).toBe(400);
    const openapi = (await api('GET', '/openapi.json')).body;
    expect(openapi.paths['/api/security'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['kind', 'node', 'since', 'limit']);
  });

  it('serves /health and /openapi.json without a token', async () => {
    const { api } = await edgeWithPeers();
    expect((await api('GET', '/health', undefined, null)).body).toEqual({
      ok: true, app: 'edge', federationEnabled: true, homeLink: true,
      links: [{ provider: 'yahoo', state: 'connected' }, { provider: 'msn', state: 'connected' }, { provider: 'fabrikam', state: 'connected' }],
    });
    const openapi = await api('GET', '/openapi.json', undefined, null);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/providers', '/api/providers/{id}', '/api/links/{name}/fault', '/api/traffic']));
  });

  it('shows the state: switch, provider list and every link, the home server\'s included', async () => {
    const { api } = await edgeWithPeers();
    const state = (await api('GET', '/api/state')).body;
    expect(state.links.map((l: { provider: string; state: string }) => [l.provider, l.state])).toEqual([['yahoo', 'connected'], ['msn', 'connected'], ['fabrikam', 'connected'], ['home', 'connected']]);
    expect(state.providers[0]).toEqual({ id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'sip.yahoo.test', port: expect.any(Number) }, public: true, allowed: true, filtering: 'verified-only', domains: ['yahoo.test'] });
    const rows = (await api('GET', '/api/providers')).body;
    expect(rows[1]).toMatchObject({ id: 'msn', allowed: false, link: { provider: 'msn', state: 'connected' } });
    expect((await api('GET', '/api/links')).body).toEqual(state.links.map((l: object) => ({ ...l, since: expect.any(Number) })));
  });

  it('adds a provider, audits it and dials it; refuses a bad entry (400) and a taken id or domain (409)', async () => {
    const { api } = await edgeWithPeers();
    const aol = await FakeProvider.start('aol', '127.0.0.1', ['aol.test', 'aim.test']);
    const entry = { ...aolAt(aol), address: { fqdn: '127.0.0.1', port: aol.port } };
    // The admin gives the new entry's link secret; it is never shown again, nor audited.
    expect(await api('POST', '/api/providers', { ...entry, linkSecret: secretOf('aol') })).toEqual({ status: 201, body: entry });
    const row = async () => (await api('GET', '/api/providers')).body.find((p: { id: string }) => p.id === 'aol');
    await until(async () => (await row()).link?.state === 'connected', 'the edge dialed AOL');
    expect(aol.hellos).toMatchObject([{ expectedFqdn: '127.0.0.1' }]);
    expect((await api('GET', '/api/audit')).body).toEqual([{ id: expect.any(String), at: expect.any(Number), action: 'provider.add', target: 'aol', before: null, after: { ...entry, linkSecret: 'given' }, actor: 'rest' }]);
    expect(JSON.stringify([await api('GET', '/api/state'), await api('GET', '/api/audit')])).not.toContain(secretOf('aol'));

    expect(await api('POST', '/api/providers', { ...entry, domains: ['other.test'] })).toEqual({ status: 409, body: { error: 'conflict', message: 'A provider with id aol is already in the list.' } });
    expect(await api('POST', '/api/providers', { ...entry, id: 'icq', domains: ['contoso.test'] })).toEqual({ status: 409, body: { error: 'conflict', message: 'contoso.test is a domain of the organization itself.' } });
    expect(await api('POST', '/api/providers', { ...entry, id: 'icq', domains: ['icq.test', 'yahoo.test'] })).toEqual({ status: 409, body: { error: 'conflict', message: 'yahoo.test is already served by Yahoo! (yahoo).' } });
    for (const bad of [
      { ...entry, id: 'icq', domains: ['icq.test'], filtering: 'trust-everyone' },
      { ...entry, id: 'icq', domains: ['icq.test'], address: { fqdn: 'Not A Host', port: 5060 } },
      { ...entry, id: 'icq', domains: ['icq.test'], address: { fqdn: 'sip.icq.test', port: 0 } },
      { ...entry, id: 'icq', domains: [] },
      { ...entry, id: 'ICQ', domains: ['icq.test'] },
      { ...entry, id: 'icq', domains: ['icq.test'], extra: true },
    ]) {
      expect(await api('POST', '/api/providers', bad), JSON.stringify(bad)).toMatchObject({ status: 400, body: { error: 'invalid-payload', message: expect.any(String) } });
    }
    expect((await api('GET', '/api/audit')).body).toHaveLength(1);
  });

  it('changes a provider, audits before and after; 404 for nobody, 400 for a bad patch, 409 for a taken domain', async () => {
    const { api } = await edgeWithPeers();
    const answer = await api('PATCH', '/api/providers/msn', { allowed: true, filtering: 'contacts-only' });
    expect(answer).toMatchObject({ status: 200, body: { id: 'msn', allowed: true, filtering: 'contacts-only', domains: ['hotmail.test', 'msn.test'] } });
    expect((await api('GET', '/api/audit')).body).toEqual([{ id: expect.any(String), at: expect.any(Number), action: 'provider.update', target: 'msn', before: expect.objectContaining({ allowed: false, filtering: 'verified-only' }), after: answer.body, actor: 'rest' }]);
    expect(await api('PATCH', '/api/providers/icq', { allowed: true })).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no provider icq in the list.' } });
    expect(await api('PATCH', '/api/providers/msn', { domains: ['msn.test', 'yahoo.test'] })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    for (const bad of [{}, { id: 'other' }, { allowed: 'yes' }, { domains: ['Not a domain'] }]) {
      expect(await api('PATCH', '/api/providers/msn', bad), JSON.stringify(bad)).toMatchObject({ status: 400, body: { error: 'invalid-payload' } });
    }
    expect((await api('PATCH', '/api/providers/Not_An_Id', { allowed: true })).status).toBe(400);
    expect((await api('GET', '/api/audit')).body).toHaveLength(1);
  });

  it('removes a provider, audits it, and 404 for one not in the list', async () => {
    const { api } = await edgeWithPeers();
    expect(await api('DELETE', '/api/providers/msn')).toEqual({ status: 204, body: undefined });
    const state = (await api('GET', '/api/state')).body;
    expect(state.providers.map((p: { id: string }) => p.id)).toEqual(['yahoo', 'fabrikam']);
    expect(state.links.map((l: { provider: string }) => l.provider)).toEqual(['yahoo', 'fabrikam', 'home']);
    expect((await api('GET', '/api/audit')).body).toMatchObject([{ action: 'provider.remove', target: 'msn', before: { id: 'msn' }, after: null }]);
    expect(await api('DELETE', '/api/providers/msn')).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no provider msn in the list.' } });
  });

  it('sets the global switch and audits it', async () => {
    const { api } = await edgeWithPeers();
    expect((await api('GET', '/api/global')).body).toEqual({ federationEnabled: true });
    expect(await api('PUT', '/api/global', { federationEnabled: false })).toEqual({ status: 200, body: { federationEnabled: false } });
    expect((await api('GET', '/api/global')).body).toEqual({ federationEnabled: false });
    expect((await api('GET', '/health', undefined, null)).body.federationEnabled).toBe(false);
    expect((await api('GET', '/api/audit')).body).toMatchObject([{ action: 'global.federation', target: 'organization', before: { federationEnabled: true }, after: { federationEnabled: false } }]);
    for (const bad of [{ federationEnabled: 'no' }, {}, { federationEnabled: true, more: 1 }]) expect((await api('PUT', '/api/global', bad)).status).toBe(400);
  });

  it('sets and clears faults on a link, 404 for a link that does not exist, 400 for a bad fault', async () => {
    const { api } = await edgeWithPeers();
    expect(await api('PUT', '/api/links/icq/fault', { latencyMs: 10 })).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no link icq.' } });
    expect(await api('DELETE', '/api/links/icq/fault')).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no link icq.' } });
    for (const bad of [{ latencyMs: -1 }, { latencyMs: 60_001 }, { down: 'yes' }, { bandwidthBps: 0 }, { sometimes: true }]) {
      expect((await api('PUT', '/api/links/yahoo/fault', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await api('PUT', '/api/links/yahoo/fault', { latencyMs: 5, jitterMs: 1 })).toEqual({ status: 200, body: { name: 'yahoo', fault: { latencyMs: 5, jitterMs: 1 } } });
    const yahooLink = async () => (await api('GET', '/api/links')).body.find((l: { provider: string }) => l.provider === 'yahoo');
    expect((await yahooLink()).fault).toEqual({ latencyMs: 5, jitterMs: 1 });
    expect(await api('DELETE', '/api/links/yahoo/fault')).toEqual({ status: 200, body: { name: 'yahoo', fault: {} } });
    expect(await yahooLink()).not.toHaveProperty('fault');
    expect((await api('GET', '/api/audit')).body.map((a: { action: string; target: string; after: unknown }) => [a.action, a.target, a.after])).toEqual([
      ['link.fault', 'yahoo', { latencyMs: 5, jitterMs: 1 }], ['link.fault', 'yahoo', {}],
    ]);
  });

  it('a down fault on the home link cuts it and refuses the home server until it is cleared', async () => {
    const { api, url, home } = await edgeWithPeers();
    expect((await api('PUT', '/api/links/home/fault', { down: true })).status).toBe(200);
    await until(() => !home.socket.connected, 'the home link is cut');
    const homeLink = async () => (await api('GET', '/api/links')).body.find((l: { provider: string }) => l.provider === 'home');
    expect(await homeLink()).toMatchObject({ state: 'unreachable', fault: { down: true } });
    expect(await refusal(`${url}/internal`, { token: 'the-internal-link-secret' })).toBe('link down (fault)');
    expect((await api('DELETE', '/api/links/home/fault')).status).toBe(200);
    const again = new FakeHome(url);
    await again.connected();
    expect(await homeLink()).toMatchObject({ state: 'connected' });
  });

  it('resets a provider link, which comes back by itself; 404 for home and for a link that does not exist', async () => {
    const { api, yahoo } = await edgeWithPeers();
    expect(await api('POST', '/api/links/yahoo/reset')).toEqual({ status: 200, body: { name: 'yahoo', reset: true } });
    await until(() => yahoo.connections === 2, 'the edge dialed Yahoo! again');
    await until(async () => (await api('GET', '/api/links')).body[0].state === 'connected', 'the link is up again');
    expect(await api('POST', '/api/links/home/reset')).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no provider link home.' } });
    expect((await api('POST', '/api/links/icq/reset')).status).toBe(404);
    expect((await api('GET', '/api/audit')).body).toMatchObject([{ action: 'link.reset', target: 'yahoo', before: null, after: null }]);
  });

  it('audits who made each change: the X-Fedlab-Actor header, `rest` without it; a removal keeps every setting it lost', async () => {
    const { api, url } = await edgeWithPeers();
    const admin = new AdminClient({ edge: url, home: 'http://127.0.0.1:9' }, ADMIN_TOKEN);
    await admin.as('page').blockProvider('yahoo');
    await admin.as('scenario:blocked provider').setFederation(false);
    await admin.setFederation(true);
    await admin.as('x'.repeat(500)).removeProvider('msn');
    const audit = (await api('GET', '/api/audit')).body;
    expect(audit.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['provider.update', 'page'], ['global.federation', 'scenario:blocked provider'], ['global.federation', 'rest'], ['provider.remove', 'rest'],
    ]);
    expect(audit[3].before).toEqual({ id: 'msn', name: 'MSN', address: { fqdn: 'sip.msn.test', port: expect.any(Number) }, public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] });
  });

  it('lists the providers the topology knows, with their first-start settings, even once removed', async () => {
    const { api } = await edgeWithPeers();
    await api('DELETE', '/api/providers/msn');
    const known = (await api('GET', '/api/providers/known')).body;
    expect(known.map((p: ProviderEntry) => [p.id, p.allowed, p.public, p.filtering])).toEqual([['yahoo', true, true, 'verified-only'], ['msn', false, true, 'verified-only'], ['fabrikam', true, false, 'verified-only']]);
    expect((await api('GET', '/api/providers/known', undefined, null)).status).toBe(401);
  });

  it('pages the traffic back from a request, and filters it by kind and code', async () => {
    const { api, yahoo, msn } = await edgeWithPeers();
    await yahoo.send(request('subscribe', 'pg-0001', YUKI, ALICE, {}, { asserted: 'verified' }));
    await msn.send(request('subscribe', 'pg-0002', 'sam@hotmail.test', 'bob@contoso.test'));
    await msn.send(request('invite', 'pg-0003', 'sam@hotmail.test', 'bob@contoso.test', { sessionId: 'pg-session' }));
    await yahoo.send(request('subscribe', 'pg-0004', YUKI, 'bob@contoso.test', {}, { asserted: 'verified' }));
    const ids = async (query: string) => (await api('GET', `/api/traffic${query}`)).body.map((e: { requestId: string }) => e.requestId);
    expect(await ids('?kind=invite')).toEqual(['pg-0003']);
    expect(await ids('?code=403')).toEqual(['pg-0002', 'pg-0003']);
    expect(await ids('?kind=subscribe&code=403')).toEqual(['pg-0002']);
    expect(await ids('?before=pg-0004&limit=2')).toEqual(['pg-0002', 'pg-0003']);
    expect(await ids('?before=pg-0002')).toEqual(['pg-0001']);
    expect(await ids('?before=gone')).toEqual([]);
    for (const bad of ['?kind=shout', '?code=999', '?code=abc']) expect((await api('GET', `/api/traffic${bad}`)).status, bad).toBe(400);
  });

  it('filters the traffic by provider, user, outcome and count', async () => {
    const { api, home, yahoo, msn } = await edgeWithPeers();
    await yahoo.send(request('subscribe', 'tr-0001', YUKI, ALICE, {}, { asserted: 'verified' }));
    await msn.send(request('subscribe', 'tr-0002', 'sam@hotmail.test', 'bob@contoso.test'));
    await home.send(request('subscribe', 'tr-0003', 'bob@contoso.test', YUKI, {}, { senderEnablement: { federation: true, publicIm: true } }));
    const ids = async (query: string) => (await api('GET', `/api/traffic${query}`)).body.map((e: { requestId: string }) => e.requestId);
    expect(await ids('')).toEqual(['tr-0001', 'tr-0002', 'tr-0003']);
    expect(await ids('?provider=yahoo')).toEqual(['tr-0001', 'tr-0003']);
    expect(await ids('?user=bob@contoso.test')).toEqual(['tr-0002', 'tr-0003']);
    expect(await ids('?outcome=rejected')).toEqual(['tr-0002']);
    expect(await ids('?outcome=accepted&limit=1')).toEqual(['tr-0003']);
    expect((await api('GET', '/api/traffic')).body[1]).toEqual({
      requestId: 'tr-0002', at: expect.any(Number), kind: 'subscribe', from: 'sam@hotmail.test', to: 'bob@contoso.test', direction: 'inbound', provider: 'msn', code: 403, reason: 'provider-blocked', hop: 'edge',
    });
    for (const bad of ['?outcome=maybe', '?limit=0', '?limit=10000', '?limit=ten']) expect((await api('GET', `/api/traffic${bad}`)).status, bad).toBe(400);
  });

  it('shows a request\'s trace, its own decisions merged with the home server\'s, and 404 for an unknown id', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    const prompted = { hop: 'client' as const, node: 'client:alice@contoso.test', rule: 'inbound.8-subscription', inputs: {}, code: 200 as const, reason: 'accepted-by-prompt' as const, explanation: 'Allowed.', at: Date.now() + 1000 };
    const atHome = { hop: 'home' as const, node: 'home', rule: 'inbound.8-subscription', inputs: {}, code: 202 as const, reason: 'pending-prompt' as const, explanation: 'Prompt.', at: 0 };
    home.answer = (r) => {
      atHome.at = Date.now();
      return answerFor(r.id, 'pending-prompt', 'home', { trail: [atHome] });
    };
    // The home server's own trace has what it answered, and the prompt answered later: each decision is shown once.
    home.trace = (id) => (id === 'trace-0001' ? [atHome, prompted] : []);
    expect(await yahoo.send(request('subscribe', 'trace-0001', YUKI, ALICE, {}, { asserted: 'verified' }))).toMatchObject({ code: 202, diagnostic: { reason: 'pending' } });
    const trace = (await api('GET', '/api/traces/trace-0001')).body;
    expect(trace.summary).toMatchObject({ requestId: 'trace-0001', code: 202, reason: 'pending-prompt', hop: 'home', direction: 'inbound' });
    expect(trace.decisions.map((d: { rule: string; reason: string }) => `${d.rule} ${d.reason}`)).toEqual([
      'inbound.1-authenticated-link forwarded', 'inbound.relay forwarded', 'inbound.2-global-switch forwarded', 'inbound.3-provider-allowed forwarded',
      'inbound.4-trust-stamp forwarded', 'inbound.8-subscription pending-prompt', 'inbound.8-subscription accepted-by-prompt',
    ]);
    expect(await api('GET', '/api/traces/nothing-here')).toEqual({ status: 404, body: { error: 'not-found', message: 'No hop recorded request nothing-here.' } });
  });

  it('resets the list, the switch, the faults, the traffic and the traces to the topology, and keeps the audit and the security events', async () => {
    const { api, yahoo } = await edgeWithPeers();
    await yahoo.send(request('subscribe', 'spoof-0001', 'sam@hotmail.test', ALICE));
    await api('DELETE', '/api/providers/msn');
    await api('PATCH', '/api/providers/yahoo', { filtering: 'allow-all' });
    await api('PUT', '/api/global', { federationEnabled: false });
    await api('PUT', '/api/links/fabrikam/fault', { latencyMs: 1 });
    expect(await api('POST', '/api/reset')).toEqual({ status: 200, body: { reset: true } });
    const state = (await api('GET', '/api/state')).body;
    expect(state.federationEnabled).toBe(true);
    expect(state.providers.map((p: ProviderEntry) => [p.id, p.filtering, p.allowed])).toEqual([['yahoo', 'verified-only', true], ['msn', 'verified-only', false], ['fabrikam', 'verified-only', true]]);
    expect(state.links.filter((l: { fault?: unknown }) => l.fault)).toEqual([]);
    expect((await api('GET', '/api/traffic')).body).toEqual([]);
    expect((await api('GET', '/api/traces/spoof-0001')).status).toBe(404);
    expect((await api('GET', '/api/audit')).body.map((a: { action: string }) => a.action)).toEqual(['provider.remove', 'provider.update', 'global.federation', 'link.fault', 'state.reset']);
    expect((await api('GET', '/api/security')).body).toMatchObject([{ requestId: 'spoof-0001' }]);
  });
});

describe('the live /admin namespace', () => {
  it('refuses a wrong token', async () => {
    const { url } = await edgeWithPeers();
    expect(await refusal(`${url}/admin`, { token: 'wrong' })).toBe('unauthorized: wrong admin token');
    expect(await refusal(`${url}/admin`, {})).toBe('unauthorized: wrong admin token');
  });

  it('sends each security event as it happens, the home server\'s too', async () => {
    const { api, url, home } = await edgeWithPeers();
    const page = await adminPage(url);
    await api('GET', '/api/audit', undefined, 'wrong');
    await until(() => page.events.find((e) => e.event === 'security' && e.payload.where === 'GET /api/audit'), 'the edge\'s own event');
    const fromHome = { id: 'home-event-1', kind: 'failed-sign-in', node: 'home', source: '10.0.0.9', where: 'sign-in', subject: ALICE, detail: 'Sign-in as alice with a wrong password.', at: 1, lastAt: 1, count: 1 };
    expect(await home.socket.timeout(2000).emitWithAck('security:events', [fromHome])).toEqual({ ok: true });
    expect(await home.socket.timeout(2000).emitWithAck('security:events', [{ ...fromHome, count: 3, lastAt: 2 }])).toEqual({ ok: true });
    expect(await home.socket.timeout(2000).emitWithAck('security:events', [{ bogus: true }])).toEqual({ ok: false });
    await until(() => page.events.find((e) => e.event === 'security' && e.payload.count === 3), 'the home server\'s event, grown');
    expect((await api('GET', '/api/security?node=home')).body).toEqual([{ ...fromHome, count: 3, lastAt: 2 }]);
  });

  it('sends the state on connecting and after a change, and every audit and traffic entry', async () => {
    const { api, url, yahoo } = await edgeWithPeers();
    const page = await adminPage(url);
    await until(() => page.events.find((e) => e.event === 'state'), 'the state on connecting');
    expect(page.events[0]).toEqual({ event: 'state', payload: (await api('GET', '/api/state')).body });
    await api('PUT', '/api/global', { federationEnabled: false });
    await until(() => page.events.some((e) => e.event === 'state' && e.payload.federationEnabled === false), 'the new state');
    await until(() => page.events.some((e) => e.event === 'audit' && e.payload.action === 'global.federation'), 'the audit entry');
    await yahoo.send(request('subscribe', 'live-0001', YUKI, ALICE));
    await until(() => page.events.some((e) => e.event === 'traffic' && e.payload.requestId === 'live-0001' && e.payload.reason === 'federation-disabled'), 'the traffic entry');
  });

  it('audits the home server\'s users:changed and tells the pages to reload those users; a malformed notice is refused', async () => {
    const { api, url, home } = await edgeWithPeers();
    const page = await adminPage(url);
    const notice = (body: unknown) => home.socket.timeout(2000).emitWithAck('users:changed', body);
    expect(await notice({ changes: [{ address: 'NOT AN ADDRESS', before: {}, after: {} }] })).toEqual({ ok: false });
    expect(await notice({ changes: [{ address: 'dave@contoso.test', before: { federation: false, publicIm: false }, after: { federation: false, publicIm: true } }] })).toEqual({ ok: true });
    await until(() => page.events.find((e) => e.event === 'users'), 'the users event');
    expect(page.events.filter((e) => e.event === 'users')).toEqual([{ event: 'users', payload: { addresses: ['dave@contoso.test'] } }]);
    expect((await api('GET', '/api/audit')).body).toEqual([{ id: expect.any(String), at: expect.any(Number), action: 'user.enablement', target: 'dave@contoso.test', before: { federation: false, publicIm: false }, after: { federation: false, publicIm: true }, actor: 'rest' }]);
    await notice({ changes: [{ address: 'erin@contoso.test', before: { federation: false, publicIm: false }, after: { federation: true, publicIm: false } }], actor: 'page' });
    await until(async () => (await api('GET', '/api/audit')).body.length === 2, 'the second entry');
    expect((await api('GET', '/api/audit')).body[1]).toMatchObject({ target: 'erin@contoso.test', actor: 'page' });
    // The refused notice is a security event of the link's guard.
    expect((await api('GET', '/api/security?kind=malformed-input')).body).toMatchObject([{ node: 'edge', source: 'link:home', where: 'edge /internal users:changed', count: 1 }]);
  });

  it('tells the pages who signs in and out, as the home server says; a malformed notice is ignored', async () => {
    const { url, home } = await edgeWithPeers();
    const page = await adminPage(url);
    home.socket.emit('users:online', { address: 'NOT AN ADDRESS', online: true });
    home.socket.emit('users:online', { address: 'dave@contoso.test', online: true });
    home.socket.emit('users:online', { address: 'dave@contoso.test', online: false });
    await until(() => page.events.filter((e) => e.event === 'online').length === 2, 'both notices');
    expect(page.events.filter((e) => e.event === 'online').map((e) => e.payload)).toEqual([
      { address: 'dave@contoso.test', online: true }, { address: 'dave@contoso.test', online: false },
    ]);
  });

  it('audits a notice from the home server\'s outbox once, at the time of the change, however often it arrives', async () => {
    const { api, home } = await edgeWithPeers();
    const notice = { id: 'outbox-0001', at: 1_700_000_000_000, changes: [{ address: 'dave@contoso.test', before: { federation: false, publicIm: false }, after: { federation: true, publicIm: false } }] };
    expect(await home.socket.timeout(2000).emitWithAck('users:changed', notice)).toEqual({ ok: true });
    expect(await home.socket.timeout(2000).emitWithAck('users:changed', notice)).toEqual({ ok: true });
    expect(await home.socket.timeout(2000).emitWithAck('users:changed', { changes: [] })).toEqual({ ok: false });
    expect((await api('GET', '/api/audit')).body).toEqual([{ id: 'outbox-0001-0', at: 1_700_000_000_000, action: 'user.enablement', target: 'dave@contoso.test', before: { federation: false, publicIm: false }, after: { federation: true, publicIm: false }, actor: 'rest' }]);
  });
});
