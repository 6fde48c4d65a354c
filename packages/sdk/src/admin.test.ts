import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ProviderEntry } from '@fedlab/protocol';
import { AdminClient, AdminError } from './admin.ts';
import { useCleanup } from './test-support.ts';

const cleanup = useCleanup();
const TOKEN = 'admin-s3cret';

interface Seen {
  server: string;
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/**
 * One small fastify server per role (edge, home, a provider), each on a free port: it records every call and
 * answers with `reply` (by default 200 `{ ok: true }`).
 */
async function servers() {
  const seen: Seen[] = [];
  let reply: (request: FastifyRequest, response: FastifyReply) => unknown = () => ({ ok: true });
  const start = async (name: string) => {
    const app = Fastify();
    app.all('/*', async (request, response) => {
      seen.push({ server: name, method: request.method, url: request.url, authorization: request.headers.authorization, contentType: request.headers['content-type'], body: request.body });
      return reply(request, response);
    });
    cleanup(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  const [edge, home, yahoo] = await Promise.all([start('edge'), start('home'), start('yahoo')]);
  const admin = new AdminClient({ edge, home, providers: { yahoo } }, TOKEN);
  return { admin, seen, reply: (fn: typeof reply) => (reply = fn) };
}

const ENTRY: ProviderEntry = {
  id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: true, filtering: 'verified-only', domains: ['aol.test'],
};

describe('AdminClient', () => {
  it('calls each route with its method, path and JSON body; the token goes in the Authorization header, never in the URL', async () => {
    const { admin, seen } = await servers();
    const calls: [() => Promise<unknown>, string, string, string, unknown?][] = [
      [() => admin.state(), 'edge', 'GET', '/api/state'],
      [() => admin.providers(), 'edge', 'GET', '/api/providers'],
      [() => admin.addProvider(ENTRY), 'edge', 'POST', '/api/providers', ENTRY],
      [() => admin.updateProvider('aol', { filtering: 'allow-all' }), 'edge', 'PATCH', '/api/providers/aol', { filtering: 'allow-all' }],
      [() => admin.blockProvider('aol'), 'edge', 'PATCH', '/api/providers/aol', { allowed: false }],
      [() => admin.allowProvider('aol'), 'edge', 'PATCH', '/api/providers/aol', { allowed: true }],
      [() => admin.removeProvider('aol'), 'edge', 'DELETE', '/api/providers/aol'],
      [() => admin.setFederation(false), 'edge', 'PUT', '/api/global', { federationEnabled: false }],
      [() => admin.links(), 'edge', 'GET', '/api/links'],
      [() => admin.setFault('home', { latencyMs: 100, jitterMs: 20 }), 'edge', 'PUT', '/api/links/home/fault', { latencyMs: 100, jitterMs: 20 }],
      [() => admin.clearFault('yahoo'), 'edge', 'DELETE', '/api/links/yahoo/fault'],
      [() => admin.resetLink('yahoo'), 'edge', 'POST', '/api/links/yahoo/reset'],
      [() => admin.trace('req/1 2'), 'edge', 'GET', '/api/traces/req%2F1%202'],
      [() => admin.audit(), 'edge', 'GET', '/api/audit'],
      [() => admin.securityEvents(), 'edge', 'GET', '/api/security'],
      [() => admin.securityEvents({ kind: 'failed-sign-in', node: 'home', since: 5, limit: 10 }), 'edge', 'GET', '/api/security?kind=failed-sign-in&node=home&since=5&limit=10'],
      [() => admin.resetEdge(), 'edge', 'POST', '/api/reset'],
      [() => admin.users(), 'home', 'GET', '/api/users'],
      [() => admin.setEnablement('alice@contoso.test', { publicIm: false }), 'home', 'PATCH', '/api/users/alice%40contoso.test/enablement', { publicIm: false }],
      [() => admin.setEnablementMany(['a@contoso.test'], { federation: true }), 'home', 'POST', '/api/users/enablement', { addresses: ['a@contoso.test'], enablement: { federation: true } }],
      [() => admin.createUser({ address: 'zed@contoso.test', displayName: 'Zed' }), 'home', 'POST', '/api/users', { address: 'zed@contoso.test', displayName: 'Zed' }],
      [() => admin.deleteUser('zed@contoso.test'), 'home', 'DELETE', '/api/users/zed%40contoso.test'],
      [() => admin.resetHome(), 'home', 'POST', '/api/reset'],
      [() => admin.homeTrace('req-1'), 'home', 'GET', '/api/traces/req-1'],
      [() => admin.createProviderUser('yahoo', { address: 'yan@yahoo.test', displayName: 'Yan', verified: false }), 'yahoo', 'POST', '/api/users', { address: 'yan@yahoo.test', displayName: 'Yan', verified: false }],
      [() => admin.deleteProviderUser('yahoo', 'yan@yahoo.test'), 'yahoo', 'DELETE', '/api/users/yan%40yahoo.test'],
      [() => admin.resetProvider('yahoo'), 'yahoo', 'POST', '/api/reset'],
      [() => admin.providerSecurityEvents('yahoo'), 'yahoo', 'GET', '/api/security'],
    ];
    for (const [call] of calls) await call();
    expect(seen.map(({ server, method, url, body }) => [server, method, url, body ?? undefined])).toEqual(calls.map(([, server, method, url, body]) => [server, method, url, body]));
    for (const call of seen) {
      expect(call.authorization).toBe(`Bearer ${TOKEN}`);
      expect(call.url).not.toContain(TOKEN);
      // A JSON content type only with a body: fastify refuses an empty JSON body.
      expect(call.contentType).toBe(call.body === undefined ? undefined : 'application/json');
    }
  });

  it('resolves with the JSON answer', async () => {
    const { admin, reply } = await servers();
    reply(() => ({ federationEnabled: true, providers: [ENTRY], links: [] }));
    expect(await admin.state()).toEqual({ federationEnabled: true, providers: [ENTRY], links: [] });
  });

  it('resolves 204 No Content to undefined', async () => {
    const { admin, reply } = await servers();
    reply((_request, response) => response.status(204).send());
    await expect(admin.removeProvider('aol')).resolves.toBeUndefined();
    await expect(admin.deleteUser('zed@contoso.test')).resolves.toBeUndefined();
  });

  it('builds the query string from the filters given, leaving out the empty ones', async () => {
    const { admin, seen } = await servers();
    await admin.traffic();
    await admin.traffic({ provider: 'yahoo', user: 'alice@contoso.test', outcome: 'rejected', limit: 5 });
    await admin.traffic({ provider: undefined, limit: 1 });
    await admin.users('');
    await admin.users('ann lee&co');
    expect(seen.map((s) => s.url)).toEqual([
      '/api/traffic',
      '/api/traffic?provider=yahoo&user=alice%40contoso.test&outcome=rejected&limit=5',
      '/api/traffic?limit=1',
      '/api/users',
      '/api/users?q=ann+lee%26co',
    ]);
  });

  it('throws an AdminError with the status, and the error and message the server gave', async () => {
    const { admin, reply } = await servers();
    reply((_request, response) => response.status(409).send({ error: 'conflict', message: 'yahoo.test is already served by Yahoo! (yahoo).' }));
    const error = await admin.addProvider(ENTRY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminError);
    expect(error).toMatchObject({ name: 'AdminError', status: 409, code: 'conflict', message: 'yahoo.test is already served by Yahoo! (yahoo).' });
  });

  it('throws an AdminError that names the call when the error body is not JSON', async () => {
    const { admin, reply } = await servers();
    reply((_request, response) => response.status(502).header('content-type', 'text/plain').send('Bad Gateway'));
    await expect(admin.links()).rejects.toMatchObject({ status: 502, code: 'error', message: 'GET /api/links answered 502' });
  });

  it('refuses a provider it has no endpoint for without calling anyone; resetAll resets every server', async () => {
    const { admin, seen } = await servers();
    await expect(async () => admin.resetProvider('msn')).rejects.toThrow(new AdminError(404, 'not-found', 'No endpoint is known for provider msn.'));
    await expect(async () => admin.createProviderUser('msn', { address: 'sam@hotmail.test', displayName: 'Sam', verified: true })).rejects.toMatchObject({ status: 404, code: 'not-found' });
    expect(seen).toEqual([]);
    await admin.resetAll();
    expect(seen.map((s) => [s.server, s.method, s.url])).toEqual([
      ['edge', 'POST', '/api/reset'],
      ['home', 'POST', '/api/reset'],
      ['yahoo', 'POST', '/api/reset'],
    ]);
  });
});
