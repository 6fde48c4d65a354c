import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient } from '@fedlab/sdk';
import { ADMIN_TOKEN, YUKI, closeAll, fromOutside, http, linkedHome, signIn, until } from './home.test-support.ts';

const ALICE = 'alice@contoso.test';
const DAVE = 'dave@contoso.test';
const ERIN = 'erin@contoso.test';

afterEach(closeAll);

describe('the home server\'s admin REST API', () => {
  it('refuses a missing or wrong token with 401 and changes nothing', async () => {
    const { url, edge } = await linkedHome();
    const unauthorized = { error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' };
    expect(await http(url, 'GET', '/api/users', { token: null })).toEqual({ status: 401, body: unauthorized });
    expect(await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { token: 'wrong', body: { publicIm: true } })).toEqual({ status: 401, body: unauthorized });
    expect(await http(url, 'POST', '/api/reset', { token: null })).toMatchObject({ status: 401 });
    expect((await http(url, 'GET', `/api/users?q=dave`)).body[0].enablement).toEqual({ federation: false, publicIm: false });
    expect(edge.notices).toEqual([]);
  });

  it('serves /directory and /openapi.json without a token', async () => {
    const { url } = await linkedHome();
    await signIn(url, ALICE);
    const directory = (await http(url, 'GET', '/directory', { token: null })).body;
    expect(directory).toMatchObject({ organization: 'Contoso', domains: ['contoso.test'] });
    expect(directory.users[0]).toEqual({ address: ALICE, displayName: 'Alice Anders', online: true });
    expect(directory.users).toHaveLength(7);
    const openapi = await http(url, 'GET', '/openapi.json', { token: null });
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/users', '/api/users/{address}/enablement', '/api/reset']));
  });

  it('lists and searches users by address or display name', async () => {
    const { url } = await linkedHome();
    await signIn(url, ERIN);
    const all = (await http(url, 'GET', '/api/users')).body;
    expect(all).toHaveLength(7);
    expect(all.find((u: { address: string }) => u.address === ERIN)).toEqual({ address: ERIN, displayName: 'Erin Ek', enablement: { federation: true, publicIm: true }, online: true });
    expect((await http(url, 'GET', '/api/users?q=ALI')).body.map((u: { address: string }) => u.address)).toEqual([ALICE]);
    expect((await http(url, 'GET', '/api/users?q=feld')).body.map((u: { address: string }) => u.address)).toEqual(['frank@contoso.test']);
    expect((await http(url, 'GET', '/api/users?q=nobody-here')).body).toEqual([]);
    expect((await http(url, 'GET', `/api/users?q=${'x'.repeat(101)}`)).status).toBe(400);
  });

  it('sets one user\'s enablement: the client gets its profile, and the edge a users:changed notice', async () => {
    const { url, edge } = await linkedHome();
    const dave = await signIn(url, DAVE);
    const answer = await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { body: { publicIm: true } });
    expect(answer).toEqual({ status: 200, body: { address: DAVE, displayName: 'Dave Dahl', enablement: { federation: false, publicIm: true }, online: true } });
    await until(() => dave.profile?.enablement?.publicIm, 'Dave\'s client sees the change');
    await until(() => edge.notices.length === 1, 'the edge is told');
    expect(edge.notices[0]).toEqual({ changes: [{ address: DAVE, before: { federation: false, publicIm: false }, after: { federation: false, publicIm: true } }], actor: 'rest' });
    // What the home server sends outward says so from now on.
    await dave.invite('yuki@yahoo.test');
    expect(edge.received[0]?.senderEnablement).toEqual({ federation: false, publicIm: true });
  });

  it('names who made an enablement change to the edge (X-Fedlab-Actor), for the audit log', async () => {
    const { url, edge } = await linkedHome();
    await new AdminClient({ edge: 'http://127.0.0.1:9', home: url }, ADMIN_TOKEN, 'page').setEnablement(DAVE, { federation: true });
    await new AdminClient({ edge: 'http://127.0.0.1:9', home: url }, ADMIN_TOKEN).as('scenario:bulk').setEnablementMany([DAVE], { federation: false });
    await until(() => edge.notices.length === 2, 'the edge is told twice');
    expect(edge.notices.map((n) => n.actor)).toEqual(['page', 'scenario:bulk']);
  });

  it('tells the edge who signs in and out, for the admin pages', async () => {
    const { url, edge } = await linkedHome();
    const dave = await signIn(url, DAVE);
    await until(() => edge.online.length === 1, 'the sign-in is told');
    dave.close();
    await until(() => edge.online.length === 2, 'the sign-out is told');
    expect(edge.online).toEqual([{ address: DAVE, online: true }, { address: DAVE, online: false }]);
  });

  it('validates an enablement change: 404 for nobody, 400 for a bad body or address', async () => {
    const { url, edge } = await linkedHome();
    expect(await http(url, 'PATCH', '/api/users/zed@contoso.test/enablement', { body: { publicIm: true } })).toEqual({ status: 404, body: { error: 'not-found', message: 'There is no user zed@contoso.test.' } });
    for (const body of [{}, { publicIm: 'yes' }, { publicIm: true, admin: true }]) {
      expect(await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { body })).toMatchObject({ status: 400, body: { error: 'invalid-payload' } });
    }
    expect((await http(url, 'PATCH', '/api/users/Dave@Contoso.test/enablement', { body: { publicIm: true } })).status).toBe(400);
    expect(edge.notices).toEqual([]);
  });

  it('changes many users in one go, or none of them when one address is unknown', async () => {
    const { url, edge } = await linkedHome();
    const bulk = (addresses: string[]) => http(url, 'POST', '/api/users/enablement', { body: { addresses, enablement: { federation: false } } });
    expect(await bulk([ALICE, 'zed@contoso.test', 'yan@contoso.test'])).toEqual({ status: 404, body: { error: 'not-found', message: 'No such users: zed@contoso.test, yan@contoso.test. Nothing was changed.' } });
    expect((await http(url, 'GET', '/api/users?q=alice')).body[0].enablement.federation).toBe(true);
    const done = await bulk([ALICE, ERIN]);
    expect(done.status).toBe(200);
    expect(done.body.map((u: { enablement: unknown }) => u.enablement)).toEqual([{ federation: false, publicIm: true }, { federation: false, publicIm: true }]);
    await until(() => edge.notices.length >= 1, 'the edge is told');
    // The failed call told the edge nothing: the first notice is the successful one, with both changes.
    expect(edge.notices).toEqual([{ changes: [
      { address: ALICE, before: { federation: true, publicIm: true }, after: { federation: false, publicIm: true } },
      { address: ERIN, before: { federation: true, publicIm: true }, after: { federation: false, publicIm: true } },
    ], actor: 'rest' }]);
    expect((await http(url, 'POST', '/api/users/enablement', { body: { addresses: [], enablement: { federation: false } } })).status).toBe(400);
  });

  it('adds a user at run time, who can sign in, and deletes one, whose connection is closed', async () => {
    const { url } = await linkedHome();
    const create = (body: unknown) => http(url, 'POST', '/api/users', { body });
    expect(await create({ address: 'hana@contoso.test', displayName: 'Hana', enablement: { federation: true, publicIm: false } }))
      .toEqual({ status: 201, body: { address: 'hana@contoso.test', displayName: 'Hana', enablement: { federation: true, publicIm: false }, online: false } });
    expect(await create({ address: ALICE, displayName: 'Alice again' })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await create({ address: 'hana@fabrikam.test', displayName: 'Hana' })).toEqual({ status: 400, body: { error: 'invalid-payload', message: 'hana@fabrikam.test is not in a domain of the organization (contoso.test).' } });
    expect(await create({ address: 'ivy@contoso.test' })).toMatchObject({ status: 400, body: { error: 'invalid-payload' } });
    const hana = await signIn(url, 'hana@contoso.test');
    expect(hana.profile).toMatchObject({ kind: 'internal', settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false } });
    expect((await http(url, 'DELETE', '/api/users/hana@contoso.test')).status).toBe(204);
    await until(() => hana.state === 'disconnected', 'Hana\'s connection is closed');
    expect(await http(url, 'DELETE', '/api/users/hana@contoso.test')).toMatchObject({ status: 404, body: { error: 'not-found' } });
  });

  it('deletes a user with everything that was theirs: a user created again under that address starts clean', async () => {
    const { url, edge } = await linkedHome();
    const hana = { address: 'hana@contoso.test', displayName: 'Hana', enablement: { federation: true, publicIm: true }, allow: [YUKI] };
    await http(url, 'POST', '/api/users', { body: hana });
    expect((await edge.send(fromOutside('subscribe', 'gone-0001', hana.address, {}, { from: 'stranger@yahoo.test' }))).code).toBe(202);
    expect((await edge.send(fromOutside('subscribe', 'gone-0002', hana.address))).code).toBe(200);
    expect((await http(url, 'DELETE', `/api/users/${hana.address}`)).status).toBe(204);
    // Rule 8: her watcher is told at once that the subscription ended, and the edge is told for its audit log.
    await until(() => edge.receivedOf('notify').length === 1, 'Yuki is told Hana is gone');
    expect(edge.receivedOf('notify')[0]).toMatchObject({ from: hana.address, to: YUKI, body: { presence: { state: 'offline' }, subscription: 'terminated' } });
    await until(() => edge.deletions.length === 1, 'the edge is told');
    expect(edge.deletions).toEqual([{ address: hana.address, dialogsEnded: 1, actor: 'rest' }]);
    await http(url, 'POST', '/api/users', { body: hana });
    const again = await signIn(url, hana.address);
    expect(again.prompts).toEqual([]);
    // Yuki no longer watches her: her sign-in tells him nothing. Erin's, a sentinel, does.
    expect((await edge.send(fromOutside('subscribe', 'gone-0003', ERIN))).code).toBe(200);
    await signIn(url, ERIN);
    await until(() => edge.receivedOf('notify').length > 1, 'a presence update leaves');
    expect(edge.receivedOf('notify').map((n) => n.from)).toEqual([hana.address, ERIN]);
  });

  it('resets to the topology: everyone signed out, run-time users, prompts and enablement changes gone', async () => {
    const { url, edge } = await linkedHome();
    await http(url, 'POST', '/api/users', { body: { address: 'hana@contoso.test', displayName: 'Hana' } });
    await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { body: { federation: true } });
    expect((await edge.send(fromOutside('subscribe', 'reset-0001', ALICE))).code).toBe(202);
    const alice = await signIn(url, ALICE);
    expect(alice.prompts).toHaveLength(1);
    expect(await http(url, 'POST', '/api/reset')).toEqual({ status: 200, body: { reset: true } });
    await until(() => alice.state === 'signed-out', 'Alice is signed out');
    expect(alice.events).toContain('signed-out:server-closing');
    const users = (await http(url, 'GET', '/api/users')).body;
    expect(users.map((u: { address: string }) => u.address)).not.toContain('hana@contoso.test');
    expect(users.find((u: { address: string }) => u.address === DAVE).enablement).toEqual({ federation: false, publicIm: false });
    const again = await signIn(url, ALICE);
    expect(again.prompts).toEqual([]);
    // The link forgot which ids it answered: the same request is decided anew.
    expect((await edge.send(fromOutside('subscribe', 'reset-0001', ALICE))).code).toBe(202);
    await until(() => again.prompts.length === 1, 'the prompt is asked again');
  });

  it('shows its own trace of a request, and 404 for an id it never saw', async () => {
    const { url, edge } = await linkedHome();
    await edge.send(fromOutside('subscribe', 'trace-0001', ERIN));
    const trace = await http(url, 'GET', '/api/traces/trace-0001');
    expect(trace.status).toBe(200);
    expect(trace.body.map((d: { rule: string; reason: string }) => [d.rule, d.reason])).toEqual([
      ['inbound.5-recipient-exists', 'forwarded'], ['inbound.6-recipient-enabled', 'forwarded'], ['inbound.7-block-list', 'forwarded'], ['inbound.8-subscription', 'accepted-by-setting'],
    ]);
    expect(await http(url, 'GET', '/api/traces/never-seen')).toEqual({ status: 404, body: { error: 'not-found', message: 'The home server recorded nothing for request never-seen.' } });
    expect((await http(url, 'GET', '/api/traces/never-seen', { token: null })).status).toBe(401);
  });
});
