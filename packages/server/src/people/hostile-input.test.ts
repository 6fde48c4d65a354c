/**
 * Issue 8's reproductions against the server people sign in to: nothing a client sends reaches an unguarded line,
 * every command is rate limited, and a client's answer speaks for the client hop only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer, FedRequest } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { Store } from '../store.ts';
import { useCleanup } from '../test-support.ts';
import { until } from '../testing.ts';
import { ANN, BEN, CID, startPeople } from './people-test-support.ts';

const cleanup = useCleanup();

describe('one guard for every event a client sends', () => {
  it('answers a request whose id coerces badly ({ id: { toString: 1 } }) with 400, and keeps serving', async () => {
    const t = await startPeople(cleanup);
    const ann = await t.raw(ANN);
    const answer = await ann.timeout(2000).emitWithAck('request', { id: { toString: 1 }, kind: 'invite', to: BEN, body: { sessionId: 'ses-0001' } });
    expect(answer).toEqual(answerFor('unknown', 'malformed', 'provider'));
    for (const junk of [null, 42, 'text', [], { __proto__: { id: 'x' } }, { id: 'ok-0001', kind: 'invite', to: BEN, body: { sessionId: 'ses-0001' }, constructor: {} }]) {
      expect(await ann.timeout(2000).emitWithAck('request', junk)).toMatchObject({ code: 400, diagnostic: { reason: 'malformed' } });
    }
    expect(await ann.timeout(2000).emitWithAck('presence:set', { state: 'busy', note: { toString: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    // Still serving: a well-formed request gets its answer.
    expect(await ann.timeout(2000).emitWithAck('request', { id: 'ok-0002', kind: 'subscribe', to: BEN, body: {} })).toMatchObject({ code: 200 });
  });

  it('drops an event whose acknowledgement is not a function, with a log line, and changes nothing', async () => {
    const t = await startPeople(cleanup);
    const ann = await t.raw(ANN);
    ann.emit('presence:set', { state: 'busy', note: 'must not apply' }, 'not a function');
    ann.emit('list:change', { list: 'block', op: 'add', address: BEN }, { not: 'a function' });
    ann.emit('request', { id: 'noack-001', kind: 'subscribe', to: BEN, body: {} });
    // The sentinel: a command with an acknowledgement, after the others.
    expect(await ann.timeout(2000).emitWithAck('presence:set', { state: 'away', note: 'sentinel' })).toEqual({ ok: true });
    expect(t.server.people.get(ANN)?.note).toBe('sentinel');
    expect(t.server.people.entries(ANN).block).toEqual([]);
    expect(t.logs.filter((l) => l.includes('dropped, no acknowledgement function'))).toHaveLength(3);
  });

  it('answers a command off its schema with invalid-payload, naming the path, and changes nothing', async () => {
    const t = await startPeople(cleanup);
    const ann = await t.raw(ANN);
    expect(await ann.timeout(2000).emitWithAck('list:change', { list: 'block', op: 'add', address: 'NOT AN ADDRESS' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringContaining('/address') } });
    expect(await ann.timeout(2000).emitWithAck('list:change', { list: 'block', op: 'add', address: BEN, __proto__: 1 })).toMatchObject({ ok: true });
    expect(await ann.timeout(2000).emitWithAck('prompt:answer', { promptId: 'x'.repeat(300), decision: 'allow' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(t.server.people.entries(ANN).block).toEqual([BEN]);
  });

  it('records what it refuses as malformed input in the security log: a flood is one event per place with a count', async () => {
    const t = await startPeople(cleanup, { commandRateLimit: { perSecond: 1000, burst: 1000 } });
    const ann = await t.raw(ANN);
    for (let i = 0; i < 25; i++) await ann.timeout(2000).emitWithAck('presence:set', { state: 'nonsense' });
    ann.emit('list:change', { list: 'block', op: 'add', address: BEN }, 'not a function');
    await ann.timeout(2000).emitWithAck('request', null);
    // A well-formed command is not a security event.
    expect(await ann.timeout(2000).emitWithAck('presence:set', { state: 'away', note: '' })).toEqual({ ok: true });
    const events = t.security.list({ kind: 'malformed-input' });
    expect(events.map((e) => [e.where, e.count])).toEqual([['example / presence:set', 25], ['example / list:change', 1], ['example / request', 1]]);
    expect(events.every((e) => e.source.endsWith('127.0.0.1'))).toBe(true);
    expect(events[0]!.detail).toMatch(/^refused, \/note/);
  });
});

describe('rate limits on every command, per person', () => {
  it('refuses a presence flood past the burst with rate-limited, does nothing for it, and leaves others alone', async () => {
    const t = await startPeople(cleanup, { commandRateLimit: { perSecond: 0.001, burst: 5 } });
    const ann = await t.raw(ANN);
    const ben = await t.raw(BEN);
    expect(await ben.timeout(2000).emitWithAck('request', { id: 'sub-0001', kind: 'subscribe', to: ANN, body: {} })).toMatchObject({ code: 200 });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await ann.timeout(2000).emitWithAck('presence:set', { state: 'busy', note: `n${i}` }));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.at(-1)).toEqual({ ok: false, error: { code: 'rate-limited', message: 'Too many in a short time; try again shortly.' } });
    expect(t.server.presenceOf(ANN).note).toBe('n4');
    // Every command shares the budget; another person has her own.
    expect(await ann.timeout(2000).emitWithAck('list:change', { list: 'allow', op: 'add', address: BEN })).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await ben.timeout(2000).emitWithAck('presence:set', { state: 'away', note: '' })).toEqual({ ok: true });
  });

  it('answers requests past the limit 429 rate-limited, and forwards nothing', async () => {
    const t = await startPeople(cleanup, { rateLimit: { perSecond: 0.001, burst: 3 } });
    const ann = await t.raw(ANN);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await ann.timeout(2000).emitWithAck('request', { id: `out-000${i}`, kind: 'subscribe', to: 'x@elsewhere.test', body: {} })).code);
    expect(codes).toEqual([200, 200, 200, 429, 429, 429]);
    expect(t.out).toHaveLength(3);
  });
});

describe("a client's answer speaks for the client hop only", () => {
  /** Ben's client answers every request it is given with `answer`, whatever that is (raw, not through an sdk). */
  async function answering(t: Awaited<ReturnType<typeof startPeople>>, answer: (request: FedRequest) => unknown) {
    const ben = await t.raw(BEN);
    ben.on('request', (request: FedRequest, ack: (a: unknown) => void) => ack(answer(request)));
    return ben;
  }

  it('records a client that claims the edge decided as the client, with its own reason', async () => {
    const t = await startPeople(cleanup);
    const ann = await t.raw(ANN);
    await answering(t, (r) => answerFor('someone-else', 'provider-blocked', 'edge', {
      trail: [{ hop: 'edge', node: 'edge', rule: 'inbound.3-provider-allowed', inputs: { forged: true }, code: 200, reason: 'provider-blocked', explanation: 'forged', at: 1 }],
    }));
    const answer: Answer = await ann.timeout(2000).emitWithAck('request', { id: 'inv-0001', kind: 'invite', to: BEN, body: { sessionId: 'ses-0001' } });
    expect(answer).toEqual(answerFor('inv-0001', 'provider-blocked', 'client'));
    const decisions = t.server.traces.get('inv-0001');
    expect(decisions.at(-1)).toMatchObject({ hop: 'client', node: `client:${BEN}`, rule: 'inbound.3-provider-allowed', code: 403, reason: 'provider-blocked' });
    expect(decisions.filter((d) => d.hop === 'edge')).toEqual([]);
  });

  it('answers 400 malformed (hop client) for a trail nested 30,000 deep, and keeps serving', async () => {
    const t = await startPeople(cleanup);
    const ann = await t.raw(ANN);
    const ben = await t.raw(BEN);
    // Sent as raw socket.io text: the client library itself would overflow walking a value this deep.
    const deep = `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`;
    ben.io.engine.on('message', (data: unknown) => {
      const match = typeof data === 'string' ? /^2(\d+)\["request",\{"id":"([^"]+)"/.exec(data) : null;
      if (!match) return;
      const trail = `[{"hop":"client","node":"x","rule":"r","inputs":${deep},"code":200,"reason":"delivered","explanation":"e","at":1}]`;
      ben.io.engine.send(`3${match[1]}[{"requestId":"${match[2]}","code":200,"diagnostic":{"id":2010,"reason":"delivered","sentence":"s","hop":"client"},"public":false,"trail":${trail}}]`);
    });
    const answer: Answer = await ann.timeout(3000).emitWithAck('request', { id: 'inv-0002', kind: 'invite', to: BEN, body: { sessionId: 'ses-0002' } });
    expect(answer).toMatchObject({ code: 400, diagnostic: { reason: 'malformed', hop: 'client' } });
    expect(t.server.traces.get('inv-0002').at(-1)).toMatchObject({ hop: 'client', rule: 'contract', inputs: { error: '/trail/0/inputs: nested deeper than 4 levels' } });
    await until(() => t.server.isOnline(BEN), 'Ben is still signed in');
    expect(await ann.timeout(2000).emitWithAck('request', { id: 'sub-0002', kind: 'subscribe', to: BEN, body: {} })).toMatchObject({ code: 200 });
  });
});

describe('a write that fails at run time', () => {
  it('answers the caller storage-failed, changes nothing, and keeps serving everyone else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-people-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const t = await startPeople(cleanup, { database: join(dir, 'people.db') });
    const ann = await t.raw(ANN);
    const ben = await t.raw(BEN);
    const cid = await t.raw(CID);
    cid.on('request', (request: FedRequest, ack: (a: Answer) => void) => ack(answerFor(request.id, 'accepted-internal', 'client')));
    // Someone else holds the database: every write fails until it lets go.
    const other = new Store(join(dir, 'people.db'));
    cleanup(() => other.close());
    other.statement('BEGIN EXCLUSIVE').run();
    expect(await ann.timeout(2000).emitWithAck('list:change', { list: 'block', op: 'add', address: BEN }))
      .toEqual({ ok: false, error: { code: 'storage-failed', message: 'The server could not write its data file; nothing was changed.' } });
    expect(await ann.timeout(2000).emitWithAck('request', { id: 'sub-0001', kind: 'subscribe', to: BEN, body: {} })).toMatchObject({ code: 500, diagnostic: { reason: 'storage-failed' } });
    expect(t.logs.filter((l) => l.includes('storage failed'))).toHaveLength(2);
    // Everyone else is still served: an IM session needs no write.
    expect(await ben.timeout(2000).emitWithAck('request', { id: 'inv-0001', kind: 'invite', to: CID, body: { sessionId: 'ses-0001' } })).toMatchObject({ code: 200 });
    other.statement('COMMIT').run();
    expect(await ann.timeout(2000).emitWithAck('list:change', { list: 'block', op: 'add', address: BEN })).toEqual({ ok: true });
    expect(t.server.people.entries(ANN).block).toEqual([BEN]);
  });
});
