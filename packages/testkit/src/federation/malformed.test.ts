import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const ALICE = 'alice@contoso.test';

/** After a bad input, the same process still serves a good request. */
async function stillServing() {
  const erin = await d().bot('erin@contoso.test');
  const yuki = await d().bot('yuki@yahoo.test');
  expect((await yuki.invite('erin@contoso.test')).answer.code).toBe(200);
  erin.close();
}

describe('malformed requests from clients', () => {
  it.each([
    ['no kind', { id: 'bad-1', to: 'erin@contoso.test', body: {} }],
    ['an unknown kind', { id: 'bad-2', kind: 'teleport', to: 'erin@contoso.test', body: {} }],
    ['a bad address', { id: 'bad-3', kind: 'subscribe', to: 'not an address', body: {} }],
    ['a body for another kind', { id: 'bad-4', kind: 'message', to: 'erin@contoso.test', body: {} }],
    ['a text too long', { id: 'bad-5', kind: 'message', to: 'erin@contoso.test', body: { sessionId: 'abcdefgh', text: 'x'.repeat(5000) } }],
    ['an extra field', { id: 'bad-6', kind: 'subscribe', to: 'erin@contoso.test', body: {}, stamp: { verification: 'verified' } }],
  ])('%s: 400 malformed, nothing changes, the server keeps serving', async (_name, payload) => {
    const alice = await d().bot(ALICE);
    const answer = await alice.request(payload);
    expect(answer).toMatchObject({ code: 400, diagnostic: { reason: 'malformed' } });
    expect(await d().admin.traffic({ user: ALICE })).toEqual([]);
    await stillServing();
  });

  it('bad commands get a clear error and change nothing', async () => {
    const alice = await d().bot(ALICE);
    expect(await alice.setPresence({ state: 'sleeping', note: '' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await alice.changeList('allow', 'add', '<script>')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await alice.setSettings({ subscriptionSetting: 'maybe' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await alice.setSettings({} as never)).toMatchObject({ ok: false });
    expect(alice.profile?.lists).toEqual({ allow: [], block: [] });
    expect(alice.profile?.settings).toEqual({ subscriptionSetting: 'prompt', blockImFromNonAllowList: false });
  });

  it('an event without an acknowledgement, or with junk, does not break the connection', async () => {
    const alice = await d().bot(ALICE);
    const raw = alice.socket as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit('request', 'junk');
    raw.emit('presence:set', null);
    expect((await alice.request({ id: 'after-junk-1', kind: 'subscribe', to: 'erin@contoso.test', body: {} })).code).toBe(200);
  });

  it('signing in as nobody, or with no address, is refused with a reason', async () => {
    for (const auth of [{ address: 'nobody@contoso.test' }, {}]) {
      const socket = io(d().endpoints.home, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/user-not-found|invalid-address/);
      socket.close();
    }
  });
});

describe('malformed requests between servers', () => {
  it('a provider sending junk over its link gets 400 from the edge, and the link keeps serving', async () => {
    const answer = await d().providers.yahoo!.sendRaw({ id: 'junk-link-1', kind: 'invite', from: 'yuki@yahoo.test', to: ALICE, body: { nope: true } } as never);
    // Even a link-level answer leaves the organization in the public form, without the trail.
    expect(answer).toMatchObject({ code: 400, public: true, diagnostic: { reason: 'bad-request', hop: 'edge' } });
    expect(answer.trail).toBeUndefined();
    await stillServing();
  });

  it('the internal link refuses a wrong token', async () => {
    const socket = io(`${d().endpoints.edge}/internal`, { auth: { token: 'wrong' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthorized/);
    socket.close();
  });
});

describe('malformed admin REST calls', () => {
  it('get a 400-class answer with a message, and change nothing', async () => {
    const before = await d().admin.providers();
    await expect(d().admin.updateProvider('yahoo', { filtering: 'trust-everyone' } as never)).rejects.toMatchObject({ status: 400, code: 'invalid-payload' });
    await expect(d().admin.updateProvider('yahoo', { address: { fqdn: 'sip.yahoo.test', port: 70000 } })).rejects.toMatchObject({ status: 400 });
    await expect(d().admin.updateProvider('yahoo', {} as never)).rejects.toMatchObject({ status: 400 });
    await expect(d().admin.updateProvider('nope', { allowed: true })).rejects.toMatchObject({ status: 404 });
    await expect(d().admin.addProvider({ id: 'x' } as never)).rejects.toMatchObject({ status: 400 });
    await expect(d().admin.setFederation('yes' as never)).rejects.toMatchObject({ status: 400 });
    await expect(d().admin.setEnablement('dave@contoso.test', { publicIm: 'on' } as never)).rejects.toMatchObject({ status: 400 });
    await expect(d().admin.setEnablement('nobody@contoso.test', { publicIm: true })).rejects.toMatchObject({ status: 404 });
    await expect(d().admin.setFault('yahoo', { latencyMs: -1 })).rejects.toMatchObject({ status: 400 });
    expect(await d().admin.providers()).toEqual(before);
    expect((await d().admin.users('dave')).at(0)?.enablement).toEqual({ federation: false, publicIm: false });
  });

  it('refuse a wrong or missing token, before looking at the body', async () => {
    const response = await fetch(`${d().endpoints.edge}/api/providers`, { headers: { authorization: 'Bearer wrong' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    expect((await fetch(`${d().endpoints.home}/api/users`)).status).toBe(401);
    const junk = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x' }) };
    expect((await fetch(`${d().endpoints.edge}/api/providers`, junk)).status).toBe(401);
    expect((await fetch(`${d().endpoints.home}/api/users`, junk)).status).toBe(401);
    expect((await fetch(`${d().endpoints.providers.yahoo}/api/users`, junk)).status).toBe(401);
  });

  it('a user of the topology cannot be deleted at run time; one created at run time can, and leaves nothing', async () => {
    await expect(d().admin.deleteUser('alice@contoso.test')).rejects.toMatchObject({ status: 409 });
    await expect(d().admin.deleteProviderUser('yahoo', 'yuki@yahoo.test')).rejects.toMatchObject({ status: 409 });
    await d().admin.createUser({ address: 'temp@contoso.test', displayName: 'Temp' });
    expect((await d().admin.users('temp')).length).toBe(1);
    await d().admin.deleteUser('temp@contoso.test');
    expect(await d().admin.users('temp')).toEqual([]);
  });

  it('every server answers GET /health, and the edge serves its OpenAPI document', async () => {
    for (const url of [d().endpoints.edge, d().endpoints.home, ...Object.values(d().endpoints.providers)]) {
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ ok: true });
    }
    const openapi = (await (await fetch(`${d().endpoints.edge}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/providers', '/api/providers/{id}', '/api/global', '/api/traces/{id}']));
  });
});

describe('rate limiting', () => {
  it('a runaway sender gets 429 past its burst, and nothing past the limit is forwarded', async () => {
    const yuki = await d().bot('yuki@yahoo.test');
    const answers = await Promise.all(Array.from({ length: 230 }, (_, i) => yuki.request({ id: `flood-${i}-xxxx`, kind: 'subscribe', to: 'erin@contoso.test', body: {} })));
    const limited = answers.filter((a) => a.code === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ diagnostic: { reason: 'rate-limited', hop: 'provider' } });
    const forwarded = (await d().admin.traffic({ user: 'yuki@yahoo.test', limit: 5000 })).length;
    expect(forwarded).toBe(answers.length - limited.length);
  });
});
