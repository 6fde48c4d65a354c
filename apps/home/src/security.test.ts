import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, closeAll, http, linkedHome, signIn, until } from './home.test-support.ts';
import { refusal } from '@fedlab/server/testing';

const ALICE = 'alice@contoso.test';
const DAVE = 'dave@contoso.test';

afterEach(closeAll);

describe('the home server\'s security events and audit reports', () => {
  it('issue 8: records failed sign-ins and wrong admin tokens, and reports them to the edge', async () => {
    const { url, edge } = await linkedHome();
    expect(await refusal(url, { address: ALICE, password: 'guess' })).toMatch(/^wrong-password: /);
    expect(await refusal(url, { address: ALICE })).toMatch(/^wrong-password: /);
    expect((await http(url, 'GET', '/api/users', { token: 'wrong' })).status).toBe(401);
    await until(() => edge.security.find((e) => e.kind === 'failed-sign-in' && e.count === 2) && edge.security.find((e) => e.kind === 'wrong-token'), 'the edge has both');
    expect(edge.security.map((e) => [e.kind, e.node, e.where, e.subject ?? null, e.count])).toEqual([
      ['failed-sign-in', 'home', 'sign-in', ALICE, 2],
      ['wrong-token', 'home', 'GET /api/users', null, 1],
    ]);
    expect(JSON.stringify(edge.security)).not.toContain('guess');
  });

  it('issue 8: an enablement change or a deletion made while the link to the edge is down reaches the edge when it returns', async () => {
    const { url, edge } = await linkedHome();
    const hana = 'hana@contoso.test';
    expect((await http(url, 'POST', '/api/users', { body: { address: hana, displayName: 'Hana' } })).status).toBe(201);
    edge.acksNotices = false;
    expect((await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { body: { publicIm: true } })).status).toBe(200);
    expect((await http(url, 'DELETE', `/api/users/${hana}`)).status).toBe(204);
    // The edge did not acknowledge them (as if the link were down): the home server keeps them, and sends them again on the next link.
    edge.acksNotices = true;
    edge.socket!.disconnect(true);
    await until(() => edge.notices.length === 1 && edge.deletions.length === 1, 'the edge gets both on the new link');
    expect(edge.notices).toEqual([{ changes: [{ address: DAVE, before: { federation: false, publicIm: false }, after: { federation: false, publicIm: true } }], actor: 'rest' }]);
    expect(edge.deletions).toEqual([{ address: hana, dialogsEnded: 0, actor: 'rest' }]);
    // Acknowledged once, it is not sent again.
    edge.socket!.disconnect(true);
    await until(() => edge.socket?.connected, 'the link is back');
    expect((await http(url, 'PATCH', `/api/users/${DAVE}/enablement`, { body: { federation: true } })).status).toBe(200);
    await until(() => edge.notices.length === 2, 'the next change');
    expect(edge.notices[1]!.changes[0]!.after).toEqual({ federation: true, publicIm: true });
  });

  it('issue 8: refuses bulk enablement with a repeated address (400), changing and auditing nothing', async () => {
    const { url, edge } = await linkedHome();
    const answer = await http(url, 'POST', '/api/users/enablement', { body: { addresses: Array.from({ length: 1000 }, () => DAVE), enablement: { publicIm: true } } });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid-payload', message: expect.stringContaining('duplicate') } });
    expect((await http(url, 'GET', '/api/users?q=dave')).body[0].enablement).toEqual({ federation: false, publicIm: false });
    // A sentinel: the next valid change is the first notice the edge gets.
    await http(url, 'POST', '/api/users/enablement', { body: { addresses: [DAVE, ALICE], enablement: { publicIm: true } } });
    await until(() => edge.notices.length === 1, 'the valid change');
    expect(edge.notices[0]!.changes.map((c) => c.address)).toEqual([DAVE, ALICE]);
  });

  it('gives a user created at run time their own password, and forgets it with the user', async () => {
    const { url } = await linkedHome();
    const hana = 'hana@contoso.test';
    expect((await http(url, 'POST', '/api/users', { body: { address: hana, displayName: 'Hana', password: 'hanas-own' } })).status).toBe(201);
    expect(await refusal(url, { address: hana, password: PASSWORD })).toMatch(/^wrong-password: /);
    const person = await signIn(url, hana, 'hanas-own');
    expect(person.profile?.address).toBe(hana);
    // The password is never shown back.
    expect(JSON.stringify((await http(url, 'GET', '/api/users')).body)).not.toContain('hanas-own');
    expect((await http(url, 'DELETE', `/api/users/${hana}`)).status).toBe(204);
    expect((await http(url, 'POST', '/api/users', { body: { address: hana, displayName: 'Hana again' } })).status).toBe(201);
    await signIn(url, hana);
  });
});
