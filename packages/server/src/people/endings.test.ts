/**
 * How dialogs end on the server people sign in to (POLICY.md rules 8 and 9), and the bounds of what a person may
 * hold, with real sockets and sdk clients.
 */
import { describe, expect, it } from 'vitest';
import type { Address, FedRequest } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { FedlabClient } from '@fedlab/sdk';
import { useCleanup } from '../test-support.ts';
import { until } from '../testing.ts';
import { ANN, BEN, CID, OUTSIDER, PASSWORD, startPeople, type TestServer } from './people-test-support.ts';

const cleanup = useCleanup();

async function person(t: TestServer, address: Address): Promise<FedlabClient> {
  const client = new FedlabClient({ url: t.url, address, password: PASSWORD, resubscribe: false });
  cleanup(() => client.close());
  await client.signedIn();
  return client;
}

const outOf = (t: TestServer, kind: FedRequest['kind']) => t.out.filter((r) => r.kind === kind);

describe('a Block list change (rules 8 and 9)', () => {
  it('ends the session and the subscriptions at once; to the blocked one it looks exactly like a sign-out', async () => {
    const t = await startPeople(cleanup);
    const ann = await person(t, ANN);
    const ben = await person(t, BEN);
    const told: FedRequest[] = [];
    ben.on('incoming', (request) => told.push(request));
    expect((await ben.subscribe(ANN)).code).toBe(200);
    expect((await ann.subscribe(BEN)).code).toBe(200);
    const { session } = await ben.invite(ANN);
    await ann.changeList('block', 'add', BEN);
    await until(() => ben.sessions.get(session.id)?.state === 'ended' && ann.sessions.get(session.id)?.state === 'ended', 'both sides see the session end');
    expect(ben.sessions.get(session.id)?.endedBecause).toBe('ended-by-peer');
    // Ben sees Ann offline, his subscription as it was (a sign-out shows the same); Ann no longer sees Ben.
    await until(() => ben.contacts.get(ANN)?.presence.state === 'offline', 'Ben sees Ann offline');
    expect(ben.contacts.get(ANN)?.subscription).toBe('active');
    await until(() => ann.contacts.get(BEN)?.subscription === 'terminated', "Ann's subscription to Ben ends");
    // What Ben was told is what a sign-out sends (a bye, Ann offline); its trace, for admins, names the change.
    expect(told.filter((r) => r.kind !== 'notify' || r.body.presence.state === 'offline').map((r) => r.kind).sort()).toEqual(['bye', 'notify']);
    const bye = told.find((r) => r.kind === 'bye')!;
    expect(bye).toEqual({ id: expect.any(String), kind: 'bye', from: ANN, to: BEN, sentAt: expect.any(Number), body: { sessionId: session.id } });
    expect(t.server.traces.get(bye.id)[0]).toMatchObject({ rule: 'teardown', reason: 'dialog-ended', inputs: { change: 'block-list', target: ANN, detail: BEN } });
    // While blocked, nothing of Ann reaches Ben; Cid, a sentinel, hears her.
    const cid = await person(t, CID);
    await cid.subscribe(ANN);
    await ann.setPresence({ state: 'busy', note: 'hidden from ben' });
    await until(() => cid.contacts.get(ANN)?.presence.note === 'hidden from ben', 'Cid sees the note');
    expect(ben.contacts.get(ANN)?.presence).toEqual({ state: 'offline', note: '' });
    // Unblocked, Ben sees her as she is.
    await ann.changeList('block', 'remove', BEN);
    await until(() => ben.contacts.get(ANN)?.presence.note === 'hidden from ben', 'Ben sees Ann again');
  });

  it('names the change in the trace of every notice it sends', async () => {
    const t = await startPeople(cleanup);
    const ann = await person(t, ANN);
    t.answerOut = (r) => answerFor(r.id, r.kind === 'invite' ? 'accepted-by-provider' : 'delivered', 'provider');
    await ann.invite(OUTSIDER);
    await ann.changeList('block', 'add', OUTSIDER);
    await until(() => outOf(t, 'bye').length === 1, 'the outsider is sent a bye');
    expect(t.server.traces.get(outOf(t, 'bye')[0]!.id)[0]).toMatchObject({ rule: 'teardown', reason: 'dialog-ended', inputs: { change: 'block-list', target: ANN, detail: OUTSIDER } });
  });
});

describe('sign-out and idle sessions', () => {
  it('a sign-out ends the person\'s IM sessions: each peer gets a bye', async () => {
    const t = await startPeople(cleanup);
    const ann = await person(t, ANN);
    const ben = await person(t, BEN);
    t.answerOut = (r) => answerFor(r.id, r.kind === 'invite' ? 'accepted-by-provider' : 'delivered', 'provider');
    const { session } = await ann.invite(BEN);
    await ann.invite(OUTSIDER);
    ann.close();
    await until(() => ben.sessions.get(session.id)?.state === 'ended', 'Ben sees the session end');
    await until(() => outOf(t, 'bye').length === 1, 'the outsider is sent a bye');
    expect(outOf(t, 'bye')[0]).toMatchObject({ from: ANN, to: OUTSIDER });
  });

  it('an idle session ends on both sides, the trace names the idle time', async () => {
    const t = await startPeople(cleanup, { limits: { sessionIdleMs: 150 } });
    const ann = await person(t, ANN);
    const ben = await person(t, BEN);
    t.answerOut = (r) => answerFor(r.id, r.kind === 'invite' ? 'accepted-by-provider' : 'delivered', 'provider');
    const { session } = await ann.invite(BEN);
    const remote = (await ann.invite(OUTSIDER)).session;
    await until(() => ann.sessions.get(session.id)?.state === 'ended' && ben.sessions.get(session.id)?.state === 'ended', 'both see the idle session end');
    await until(() => ann.sessions.get(remote.id)?.state === 'ended' && outOf(t, 'bye').length === 1, 'the remote side is told too');
    expect(t.server.traces.get(outOf(t, 'bye')[0]!.id)[0]).toMatchObject({ rule: 'teardown', inputs: { change: 'idle', target: remote.id } });
    // Writing again starts a new conversation.
    expect((await ben.send(session.id, 'still there?')).code).toBe(200);
    await until(() => [...ann.sessions.values()].some((s) => s.state === 'open' && s.messages.some((m) => m.text === 'still there?')), 'Ann gets it in a new session');
  });
});

describe('bounded state, each limit its own error', () => {
  it('a list holds at most so many entries: list-full, and nothing changes', async () => {
    const t = await startPeople(cleanup, { limits: { maxListEntries: 2 } });
    const ann = await person(t, ANN);
    expect(await ann.changeList('block', 'add', 'a@x.test')).toEqual({ ok: true });
    expect(await ann.changeList('block', 'add', 'b@x.test')).toEqual({ ok: true });
    expect(await ann.changeList('block', 'add', 'c@x.test')).toMatchObject({ ok: false, error: { code: 'list-full', message: expect.stringContaining('2 entries') } });
    expect(await ann.changeList('allow', 'add', 'c@x.test')).toEqual({ ok: true });
    expect(t.server.people.entries(ANN)).toEqual({ allow: ['c@x.test'], block: ['a@x.test', 'b@x.test'] });
    // The client was sent each change, not its whole profile.
    await until(() => ann.profile?.lists.allow.includes('c@x.test'), 'the client applied the change');
    expect(ann.profile?.lists.block).toEqual(['a@x.test', 'b@x.test']);
  });

  it('open IM sessions per person: session-limit for the sender, and for a recipient who has as many', async () => {
    const t = await startPeople(cleanup, { limits: { maxSessionsPerUser: 1 } });
    const ann = await person(t, ANN);
    const ben = await person(t, BEN);
    const cid = await person(t, CID);
    expect((await ann.invite(BEN)).answer.code).toBe(200);
    expect((await ann.invite(CID)).answer).toMatchObject({ code: 403, diagnostic: { reason: 'session-limit', hop: 'provider' } });
    expect((await cid.invite(BEN)).answer).toMatchObject({ code: 403, diagnostic: { reason: 'session-limit' } });
    expect(t.out).toEqual([]);
  });

  it('presence subscriptions per person: subscription-limit', async () => {
    const t = await startPeople(cleanup, { limits: { maxSubscriptionsPerUser: 1 } });
    const ann = await person(t, ANN);
    expect((await ann.subscribe(BEN)).code).toBe(200);
    expect(await ann.subscribe(CID)).toMatchObject({ code: 403, diagnostic: { reason: 'subscription-limit' } });
    expect((await ann.subscribe(BEN)).code).toBe(200);
    const cid = await person(t, CID);
    expect(await cid.subscribe(BEN)).toMatchObject({ code: 403, diagnostic: { reason: 'subscription-limit' } });
  });
});

describe('a change that cuts a path, as the edge tells it', () => {
  it('ends this side of every dialog in the scope and tells its people', async () => {
    const t = await startPeople(cleanup);
    t.answerOut = (r) => answerFor(r.id, r.kind === 'invite' ? 'accepted-by-provider' : 'accepted-by-provider', 'provider');
    const ann = await person(t, ANN);
    const ben = await person(t, BEN);
    const { session } = await ann.invite(OUTSIDER);
    await ann.subscribe(OUTSIDER);
    const inside = await ann.invite(BEN);
    const ended = t.server.endDialogs({ change: { kind: 'provider-blocked', target: 'elsewhere' }, scope: { inside: { domains: ['example.test'] }, outside: { domains: ['elsewhere.test'] } } });
    expect(ended.ended).toEqual([
      { dialog: 'session', between: [ANN, OUTSIDER], sessionId: session.id, noticeId: expect.any(String) },
      { dialog: 'subscription', between: [ANN, OUTSIDER], noticeId: expect.any(String) },
    ]);
    await until(() => ann.sessions.get(session.id)?.state === 'ended' && ann.contacts.get(OUTSIDER)?.subscription === 'terminated', 'Ann is told');
    expect(ann.sessions.get(inside.session.id)?.state).toBe('open');
    expect(t.server.traces.get(ended.ended[0]!.noticeId!)[0]).toMatchObject({ rule: 'teardown', inputs: { change: 'provider-blocked', target: 'elsewhere' } });
    expect(ben.sessions.get(inside.session.id)?.state).toBe('open');
  });
});
