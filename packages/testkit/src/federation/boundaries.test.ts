import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../wait.ts';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo', 'msn'] });
const ALICE = 'alice@contoso.test';

describe('the edge is the only door, and a strict one', () => {
  it('a provider speaking for another provider\'s domain is rejected and recorded as a security event', async () => {
    const alice = await d().bot(ALICE);
    const answer = await d().providers.msn!.sendRaw({ id: 'spoof-1', kind: 'invite', from: 'yuki@yahoo.test', to: ALICE, sentAt: Date.now(), body: { sessionId: 'spoof-session-1' }, asserted: 'verified' });
    expect(answer).toMatchObject({ code: 403, public: true, diagnostic: { reason: 'forbidden', hop: 'edge' } });
    expect(answer.trail).toBeUndefined();
    expect(await outcome(d(), answer)).toMatchObject({ reason: 'spoofed-sender-domain', rule: 'inbound.1-authenticated-link' });
    expect(await d().admin.securityEvents()).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'spoofed-sender-domain', requestId: 'spoof-1', source: 'link:msn', subject: 'yuki@yahoo.test' })]));
    expect(alice.history.some((h) => h.event === 'incoming')).toBe(false);
  });

  it('a spoofed request during a session does not end the session', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot('yuki@yahoo.test');
    const { session } = await yuki.invite(ALICE);
    await d().providers.msn!.sendRaw({ id: 'spoof-2', kind: 'message', from: 'yuki@yahoo.test', to: ALICE, sentAt: Date.now(), body: { sessionId: session.id, text: 'forged' } });
    expect((await yuki.send(session.id, 'genuine')).code).toBe(200);
    await alice.message('genuine');
    expect(alice.hasReceived('forged')).toBe(false);
  });

  it('the edge does not relay between two outside parties', async () => {
    await d().bot('sam@hotmail.test');
    const yuki = await d().bot('yuki@yahoo.test');
    const { answer } = await yuki.invite('sam@hotmail.test');
    expect(await outcome(d(), answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'cross-provider-relay', hop: 'edge' });
  });

  it('a provider\'s own users talk among themselves without the edge', async () => {
    const yuki = await d().bot('yuki@yahoo.test');
    const yan = await d().bot('yan@yahoo.test');
    await d().admin.blockProvider('yahoo');
    const { answer, session } = await yuki.invite('yan@yahoo.test');
    expect(answer.code).toBe(200);
    await yuki.send(session.id, 'local');
    await yan.message('local');
    expect(await d().admin.traffic({ user: 'yan@yahoo.test' })).toEqual([]);
  });
});

describe('answers from the organization to the outside', () => {
  it('a Block list is indistinguishable from being offline', async () => {
    const yuki = await d().bot('yuki@yahoo.test');
    const offline = (await yuki.invite('erin@contoso.test')).answer;
    const alice = await d().bot(ALICE);
    await alice.changeList('block', 'add', 'yuki@yahoo.test');
    const blocked = (await yuki.invite(ALICE)).answer;
    const { requestId: _a, ...offlineRest } = offline;
    const { requestId: _b, ...blockedRest } = blocked;
    expect(blockedRest).toEqual(offlineRest);
    expect(offline).toMatchObject({ code: 480, public: true, diagnostic: { reason: 'temporarily-unavailable', hop: 'edge' } });
    expect(await outcome(d(), blocked)).toMatchObject({ reason: 'sender-on-block-list', hop: 'home' });
  });

  it('an unknown internal user: 404', async () => {
    const yuki = await d().bot('yuki@yahoo.test');
    expect(await outcome(d(), (await yuki.invite('nobody@contoso.test')).answer)).toMatchObject({ code: 404, seen: 'not-found', reason: 'user-not-found', hop: 'home' });
  });

  it('every request crossing the edge shows in the traffic, with its outcome', async () => {
    const yuki = await d().bot('yuki@yahoo.test');
    const { answer } = await yuki.invite('nobody@contoso.test');
    const traffic = await d().admin.traffic({ provider: 'yahoo', outcome: 'rejected' });
    expect(traffic.find((t) => t.requestId === answer.requestId)).toMatchObject({ direction: 'inbound', kind: 'invite', code: 404, reason: 'user-not-found', hop: 'home' });
  });
});

describe('outbound: the provider\'s own rules', () => {
  it('unknown user 404, offline 480, blocked (seen as offline, rule 9), otherwise delivered', async () => {
    const alice = await d().bot(ALICE);
    expect(await outcome(d(), (await alice.invite('ghost@yahoo.test')).answer)).toMatchObject({ code: 404, reason: 'user-not-found', hop: 'provider' });
    expect(await outcome(d(), (await alice.invite('yan@yahoo.test')).answer)).toMatchObject({ code: 480, reason: 'recipient-offline', hop: 'provider' });
    const yan = await d().bot('yan@yahoo.test');
    await yan.changeList('block', 'add', ALICE);
    expect(await outcome(d(), (await alice.invite('yan@yahoo.test')).answer)).toMatchObject({ code: 480, seen: 'recipient-offline', reason: 'blocked-by-provider-user', hop: 'provider' });
    expect(await alice.subscribe('yan@yahoo.test')).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-by-provider' }, presence: { state: 'offline' } });
    const yuki = await d().bot('yuki@yahoo.test');
    const { answer, session } = await alice.invite('yuki@yahoo.test');
    expect(answer.code).toBe(200);
    await alice.send(session.id, 'to yahoo');
    await yuki.message('to yahoo');
  });

  it('a subscription to an offline provider user is accepted and shows offline, then live presence', async () => {
    const alice = await d().bot(ALICE);
    const answer = await alice.subscribe('yuki@yahoo.test');
    expect(answer).toMatchObject({ code: 200, presence: { state: 'offline' } });
    const yuki = await d().bot('yuki@yahoo.test');
    await alice.seesPresence('yuki@yahoo.test', 'available');
    await yuki.setPresence({ state: 'busy', note: 'on a call' });
    await alice.seesPresence('yuki@yahoo.test', 'busy', 'on a call');
  });
});

describe('inside the organization', () => {
  it('colleagues see each other without a prompt and chat; no stamp, no edge', async () => {
    const alice = await d().bot(ALICE);
    const dave = await d().bot('dave@contoso.test');
    expect(await dave.subscribe(ALICE)).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-internal' } });
    await alice.setPresence({ state: 'away', note: 'lunch' });
    await dave.seesPresence(ALICE, 'away', 'lunch');
    const { answer, session } = await dave.invite(ALICE);
    expect(answer).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-internal', hop: 'client' } });
    await dave.send(session.id, 'internal hello');
    const got = await alice.message('internal hello');
    expect(alice.incoming().find((x) => x.request.kind === 'invite')?.request.stamp).toBeUndefined();
    expect(got.from).toBe('dave@contoso.test');
    expect(await d().admin.traffic({ user: 'dave@contoso.test' })).toEqual([]);
  });

  it('a blocked colleague sees the other as offline', async () => {
    const alice = await d().bot(ALICE);
    await alice.changeList('block', 'add', 'dave@contoso.test');
    const dave = await d().bot('dave@contoso.test');
    // Rule 9: as an offline colleague would, an accepted subscription showing her offline, and 480 to an invitation.
    expect(await dave.subscribe(ALICE)).toMatchObject({ code: 200, diagnostic: { reason: 'accepted-internal' }, presence: { state: 'offline', note: '' } });
    expect((await dave.invite(ALICE)).answer).toMatchObject({ code: 480, diagnostic: { reason: 'recipient-offline' } });
    expect(dave.presenceOf(ALICE)).toEqual({ state: 'offline', note: '' });
  });
});

describe('what nobody may forge', () => {
  it('a client cannot send a presence update: only its server makes them, from presence:set', async () => {
    const dave = await d().bot('dave@contoso.test');
    const answer = await dave.request({ id: 'forged-notify-1', kind: 'notify', to: ALICE, body: { presence: { state: 'available', note: 'fake' }, subscription: 'active' } });
    expect(answer).toMatchObject({ code: 400, diagnostic: { reason: 'malformed' } });
  });

  it('a provider cannot push presence to someone who did not subscribe', async () => {
    const alice = await d().bot(ALICE);
    const answer = await d().providers.yahoo!.sendRaw({ id: 'forged-notify-2', kind: 'notify', from: 'yan@yahoo.test', to: ALICE, sentAt: Date.now(), body: { presence: { state: 'available', note: 'pushed' }, subscription: 'active' } });
    expect(answer).toMatchObject({ code: 403, public: true });
    expect(await outcome(d(), answer)).toMatchObject({ reason: 'not-subscribed', hop: 'home' });
    expect(alice.contacts.has('yan@yahoo.test')).toBe(false);
  });

  it('reusing someone else\'s request id is another request, not a replay', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot('yuki@yahoo.test');
    const yan = await d().bot('yan@yahoo.test');
    await alice.changeList('allow', 'add', 'yan@yahoo.test');
    const first = await yuki.request({ id: 'shared-id-0001', kind: 'invite', to: ALICE, body: { sessionId: 'session-yuki-1' } });
    const second = await yan.request({ id: 'shared-id-0001', kind: 'invite', to: ALICE, body: { sessionId: 'session-yan-1' } });
    expect([first.code, second.code]).toEqual([200, 200]);
    await alice.invitation('yan@yahoo.test');
  });

  it('issue 8: an entry pointed at a fake peer hands it nothing it could use to take over the provider\'s link', async () => {
    // The fake keeps everything the edge says to it, and answers every ack as if it were Yahoo!.
    const server = createServer();
    const fake = new Server(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const heard: { event: string; args: unknown[] }[] = [];
    fake.of('/federation').on('connection', (socket) => {
      heard.push({ event: 'handshake', args: [socket.handshake.auth] });
      socket.onAny((event: string, ...args: unknown[]) => {
        heard.push({ event, args: args.filter((a) => typeof a !== 'function') });
        const ack = args.at(-1);
        if (typeof ack === 'function') ack({ name: 'Yahoo!', fqdn: 'sip.yahoo.test', domains: ['yahoo.test'], nonce: 'n'.repeat(32), proof: 'p'.repeat(43) });
      });
    });
    try {
      await d().admin.updateProvider('yahoo', { address: { fqdn: 'sip.yahoo.test', port: (server.address() as AddressInfo).port } });
      await waitUntil(async () => (await d().admin.links()).find((l) => l.provider === 'yahoo')?.state === 'auth-failed', 'the link to the fake fails authentication');
      // The edge gave the fake a fresh nonce and nothing else: no token, no proof.
      expect(heard.map((h) => h.event)).toEqual(expect.arrayContaining(['handshake', 'hello']));
      expect(heard.filter((h) => h.event !== 'handshake' && h.event !== 'hello')).toEqual([]);
      expect(heard.find((h) => h.event === 'handshake')!.args).toEqual([{}]);
      // Replaying all of it at the real Yahoo! gets the fake nowhere.
      const yahoo = d().topology.providers.find((p) => p.id === 'yahoo')!;
      const replay = io(`http://127.0.0.1:${yahoo.port}/federation`, { transports: ['websocket'], reconnection: false, forceNew: true });
      try {
        await new Promise<void>((resolve) => replay.once('connect', () => resolve()));
        const hello = heard.find((h) => h.event === 'hello')!.args[0];
        expect(await replay.timeout(2000).emitWithAck('hello', hello)).toMatchObject({ proof: expect.any(String) });
        expect(await replay.timeout(2000).emitWithAck('prove', { proof: 'p'.repeat(43) })).toEqual({ error: "unauthorized: this peer is not the organization's edge" });
      } finally {
        replay.close();
      }
      expect(d().providers.yahoo!.linkConnected).toBe(false);
      expect(await d().admin.securityEvents({ kind: 'link-auth-failed' })).toEqual([expect.objectContaining({ source: 'link:yahoo', node: 'edge' })]);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('an impostor without the link secret cannot take over a provider\'s federation link', async () => {
    const yahoo = d().topology.providers.find((p) => p.id === 'yahoo')!;
    const impostor = io(`http://127.0.0.1:${yahoo.port}/federation`, { transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve) => impostor.once('connect', () => resolve()));
      const hello = await impostor.timeout(2000).emitWithAck('hello', { domains: ['contoso.test'], fqdn: 'edge.contoso.test', expectedFqdn: yahoo.fqdn, expectedPort: yahoo.port, nonce: 'n'.repeat(32) });
      expect(hello).toMatchObject({ fqdn: yahoo.fqdn, proof: expect.any(String) });
      expect(await impostor.timeout(2000).emitWithAck('prove', { proof: 'p'.repeat(43) })).toEqual({ error: "unauthorized: this peer is not the organization's edge" });
    } finally {
      impostor.close();
    }
    expect(d().providers.yahoo!.linkConnected).toBe(true);
  });
});
