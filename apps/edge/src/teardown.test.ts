import { afterEach, describe, expect, it } from 'vitest';
import type { EndedDialog } from '@fedlab/protocol';
import { ALICE, YUKI, closeAll, edgeWithPeers, until } from './edge.test-support.ts';

afterEach(closeAll);

const ORG = ['contoso.test'];
const BOB = 'bob@contoso.test';

/** What the home server reports it ended: a session with Yuki and Yuki's subscription to Alice. */
const HOME_ENDED: EndedDialog[] = [
  { dialog: 'session', between: [ALICE, YUKI], sessionId: 'sess-0001', noticeId: 'bye-to-alice' },
  { dialog: 'subscription', between: [YUKI, ALICE] },
  { dialog: 'subscription', between: [ALICE, YUKI], noticeId: 'off-to-alice' },
];
/** What Yahoo! reports: the same session (counted once), and Yuki's side of both subscriptions. */
const YAHOO_ENDED: EndedDialog[] = [
  { dialog: 'session', between: [ALICE, YUKI], sessionId: 'sess-0001', noticeId: 'bye-to-yuki' },
  { dialog: 'subscription', between: [YUKI, ALICE], noticeId: 'off-to-yuki' },
  { dialog: 'subscription', between: [ALICE, YUKI] },
];

describe('rule 8: a change that cuts a path ends what crosses it, at once, on both sides', () => {
  it('a provider temporarily blocked: every side ends its part, and the audit entry says how many dialogs ended', async () => {
    const { api, home, yahoo, msn } = await edgeWithPeers();
    home.ended = () => HOME_ENDED;
    yahoo.ended = () => YAHOO_ENDED;
    expect((await api('PATCH', '/api/providers/yahoo', { allowed: false })).status).toBe(200);
    const notice = { change: { kind: 'provider-blocked', target: 'yahoo' }, scope: { inside: { domains: ORG }, outside: { domains: ['yahoo.test'] } } };
    expect(home.teardowns).toEqual([notice]);
    expect(yahoo.teardowns).toEqual([notice]);
    expect(msn.teardowns).toEqual([notice]);
    const audit = (await api('GET', '/api/audit')).body.at(-1);
    expect(audit).toMatchObject({ action: 'provider.update', target: 'yahoo', dialogsEnded: 3 });
    // Each notice a person was given has a trace naming the change, and a line in the traffic.
    const trace = (await api('GET', '/api/traces/bye-to-yuki')).body;
    expect(trace.decisions).toEqual([expect.objectContaining({
      hop: 'edge', rule: 'teardown', reason: 'dialog-ended', code: 200,
      inputs: { change: 'provider-blocked', target: 'yahoo', dialog: 'session', between: [ALICE, YUKI], told: YUKI, side: 'yahoo' },
    })]);
    expect(trace.decisions[0].explanation).toBe(`The provider yahoo was temporarily blocked: the IM session between ${ALICE} and ${YUKI} ended on both sides; yahoo told ${YUKI}.`);
    expect(trace.summary).toMatchObject({ kind: 'bye', from: ALICE, to: YUKI, direction: 'outbound', provider: 'yahoo', reason: 'dialog-ended' });
    expect((await api('GET', '/api/traces/off-to-alice')).body.summary).toMatchObject({ kind: 'notify', from: YUKI, to: ALICE, direction: 'inbound', provider: 'yahoo' });
    // Allowing it again cuts nothing.
    await api('PATCH', '/api/providers/yahoo', { allowed: true });
    expect(home.teardowns).toHaveLength(1);
    expect((await api('GET', '/api/audit')).body.at(-1)).not.toHaveProperty('dialogsEnded');
  });

  it('a provider removed: its open link still hears the teardown', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    yahoo.ended = () => YAHOO_ENDED.slice(0, 1);
    expect((await api('DELETE', '/api/providers/yahoo')).status).toBe(204);
    expect(yahoo.teardowns).toEqual([{ change: { kind: 'provider-removed', target: 'yahoo' }, scope: { inside: { domains: ORG }, outside: { domains: ['yahoo.test'] } } }]);
    expect(home.teardowns).toHaveLength(1);
    expect((await api('GET', '/api/audit')).body.at(-1)).toMatchObject({ action: 'provider.remove', dialogsEnded: 1 });
  });

  it('the global switch turned off: everything between the organization and the outside', async () => {
    const { api, home, fabrikam } = await edgeWithPeers();
    await api('PUT', '/api/global', { federationEnabled: false });
    const notice = { change: { kind: 'federation-disabled', target: 'organization' }, scope: { inside: { domains: ORG }, outside: {} } };
    expect(home.teardowns).toEqual([notice]);
    expect(fabrikam.teardowns).toEqual([notice]);
    expect((await api('GET', '/api/audit')).body.at(-1)).toMatchObject({ action: 'global.federation', dialogsEnded: 0 });
    await api('PUT', '/api/global', { federationEnabled: true });
    expect(home.teardowns).toHaveLength(1);
  });

  it('a user disabled for public IM or federation: her dialogs with public providers, or with everyone else', async () => {
    const { api, home, yahoo } = await edgeWithPeers();
    home.ended = (notice) => (notice.scope.outside.domains ? HOME_ENDED.slice(0, 1) : []);
    await home.socket.timeout(2000).emitWithAck('users:changed', { changes: [
      { address: ALICE, before: { federation: true, publicIm: true }, after: { federation: true, publicIm: false } },
      { address: BOB, before: { federation: true, publicIm: true }, after: { federation: false, publicIm: true } },
      { address: 'carol@contoso.test', before: { federation: false, publicIm: false }, after: { federation: true, publicIm: true } },
    ] });
    await until(async () => (await api('GET', '/api/audit')).body.length === 3, 'three audit entries');
    const publicDomains = ['yahoo.test', 'hotmail.test', 'msn.test'];
    expect(yahoo.teardowns).toEqual(expect.arrayContaining([
      { change: { kind: 'user-disabled', target: ALICE, detail: 'public-im' }, scope: { inside: { domains: ORG, user: ALICE }, outside: { domains: publicDomains } } },
      { change: { kind: 'user-disabled', target: BOB, detail: 'federation' }, scope: { inside: { domains: ORG, user: BOB }, outside: { exceptDomains: publicDomains } } },
    ]));
    expect(yahoo.teardowns).toHaveLength(2);
    const audit = (await api('GET', '/api/audit')).body;
    expect(audit.find((e: { target: string }) => e.target === ALICE)).toMatchObject({ action: 'user.enablement', dialogsEnded: 1 });
    expect(audit.find((e: { target: string }) => e.target === BOB)).toMatchObject({ action: 'user.enablement', dialogsEnded: 0 });
    expect(audit.find((e: { target: string }) => e.target === 'carol@contoso.test')).not.toHaveProperty('dialogsEnded');
  });

  it('a user deleted at the home server: the audit entry says how many dialogs the deletion ended', async () => {
    const { api, home } = await edgeWithPeers();
    expect(await home.socket.timeout(2000).emitWithAck('user:deleted', { address: 'hana@contoso.test', dialogsEnded: 4 })).toEqual({ ok: true });
    expect(await home.socket.timeout(2000).emitWithAck('user:deleted', { address: 'not an address', dialogsEnded: -1 })).toEqual({ ok: false });
    await until(async () => (await api('GET', '/api/audit')).body.length === 1, 'the deletion is audited');
    expect((await api('GET', '/api/audit')).body[0]).toMatchObject({ action: 'user.delete', target: 'hana@contoso.test', before: null, after: null, dialogsEnded: 4 });
    // From the home server's outbox: audited once, at the time of the deletion, however often it arrives.
    const again = { id: 'outbox-0002', at: 1_700_000_000_000, address: 'ivan@contoso.test', dialogsEnded: 0 };
    for (let i = 0; i < 2; i++) expect(await home.socket.timeout(2000).emitWithAck('user:deleted', again)).toEqual({ ok: true });
    expect((await api('GET', '/api/audit')).body.filter((e: { target: string }) => e.target === 'ivan@contoso.test')).toEqual([
      { id: 'outbox-0002', at: 1_700_000_000_000, action: 'user.delete', target: 'ivan@contoso.test', before: null, after: null, actor: 'rest', dialogsEnded: 0 },
    ]);
  });

  it('a side that does not answer counts nothing, and holds nobody up for long', async () => {
    const { api, yahoo, home } = await edgeWithPeers();
    home.ended = () => HOME_ENDED;
    // Only Yahoo! knows of this session: it is down, so it is not counted.
    yahoo.ended = () => [...YAHOO_ENDED, { dialog: 'session', between: [BOB, YUKI], sessionId: 'sess-0002', noticeId: 'bye-to-yuki-2' }];
    await api('PUT', '/api/links/yahoo/fault', { down: true });
    expect((await api('PATCH', '/api/providers/yahoo', { allowed: false })).status).toBe(200);
    expect(yahoo.teardowns).toEqual([]);
    expect((await api('GET', '/api/audit')).body.at(-1)).toMatchObject({ action: 'provider.update', dialogsEnded: 3 });
  });

  it('a home server that comes back is told what a change made while it was away cuts', async () => {
    const { api, home } = await edgeWithPeers();
    await api('PUT', '/api/links/home/fault', { down: true });
    await until(() => !home.socket.connected, 'the home link is down');
    await api('PATCH', '/api/providers/yahoo', { allowed: false });
    expect(home.teardowns).toEqual([]);
    await api('DELETE', '/api/links/home/fault');
    home.socket.connect();
    await until(() => home.teardowns.length === 2, 'told on its return');
    expect(home.teardowns.map((n) => n.change.target).sort()).toEqual(['msn', 'yahoo']);
  });
});
