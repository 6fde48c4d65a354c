import { describe, expect, it } from 'vitest';
import { outcome, useDeployment } from './support.ts';

// A short deadline, so that time-outs come quickly; every hop uses it.
const d = useDeployment({ allow: ['yahoo'], timeoutMs: 400 });
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';

async function pair() {
  const alice = await d().bot(ALICE);
  const yuki = await d().bot(YUKI);
  await alice.changeList('allow', 'add', YUKI);
  const { session } = await yuki.invite(ALICE);
  const incoming = await alice.invitation(YUKI);
  return { alice, yuki, session, incoming };
}

/** After a fault is cleared, the link works again by itself: the proof is a message that arrives. */
async function recovers(link: string) {
  await d().admin.clearFault(link);
  await d().edge.ready();
  await d().home.edgeLinkReady();
  const { alice, yuki, session } = await pair();
  expect((await yuki.send(session.id, `after ${link} recovered`)).code).toBe(200);
  await alice.message(`after ${link} recovered`);
  return { alice, yuki };
}

describe('faults on the provider link', () => {
  it('link down: a quick 504 both ways, nothing delivered, and recovery when cleared', async () => {
    const { alice, yuki, session, incoming } = await pair();
    await d().admin.setFault('yahoo', { down: true });
    const out = await alice.send(incoming.id, 'lost outbound');
    expect(await outcome(d(), out)).toMatchObject({ code: 504, reason: 'provider-unreachable', hop: 'edge' });
    await yuki.until(() => !d().providers.yahoo!.linkConnected || undefined, 'the provider sees the link down');
    const inbound = await yuki.send(session.id, 'lost inbound');
    expect(inbound).toMatchObject({ code: 504, diagnostic: { reason: 'edge-unreachable', hop: 'provider' } });
    // A passing failure does not end the session.
    expect(yuki.sessions.get(session.id)?.state).toBe('open');
    expect((await d().admin.links()).find((l) => l.provider === 'yahoo')).toMatchObject({ state: 'unreachable', fault: { down: true } });
    const after = await recovers('yahoo');
    expect(after.alice.hasReceived('lost inbound')).toBe(false);
    expect(yuki.hasReceived('lost outbound')).toBe(false);
  });

  it('a peer that stops answering: 408 after the deadline, never delivered later, and recovery', async () => {
    const { alice, yuki, session, incoming } = await pair();
    await d().admin.setFault('yahoo', { unresponsive: true });
    const out = await alice.send(incoming.id, 'unanswered outbound');
    expect(await outcome(d(), out)).toMatchObject({ code: 408, reason: 'next-hop-timeout', hop: 'edge' });
    const inbound = await yuki.send(session.id, 'unanswered inbound');
    expect(inbound).toMatchObject({ code: 408, diagnostic: { reason: 'next-hop-timeout', hop: 'provider' } });
    await recovers('yahoo');
    expect(alice.hasReceived('unanswered inbound')).toBe(false);
    expect(yuki.hasReceived('unanswered outbound')).toBe(false);
  });

  it('latency with jitter under the deadline: slower, but delivered exactly once', async () => {
    const { alice, yuki, session } = await pair();
    await d().admin.setFault('yahoo', { latencyMs: 60, jitterMs: 40 });
    expect((await yuki.send(session.id, 'slow but sure')).code).toBe(200);
    await alice.message('slow but sure');
    expect(alice.received().filter((m) => m.text === 'slow but sure')).toHaveLength(1);
    await recovers('yahoo');
  });

  it('latency past the deadline: 408, and the late request is dropped rather than delivered after its 408', async () => {
    const { alice, yuki, session } = await pair();
    // Past every deadline on the path (the provider waits three times the base of 400 ms).
    await d().admin.setFault('yahoo', { latencyMs: 1300 });
    const late = await yuki.send(session.id, 'too slow');
    expect(late.code).toBe(408);
    await d().admin.clearFault('yahoo');
    // Sentinel: sent after, waited for; the slow one never comes.
    expect((await yuki.send(session.id, 'sentinel after latency')).code).toBe(200);
    await alice.message('sentinel after latency');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(alice.hasReceived('too slow')).toBe(false);
  });

  it('limited bandwidth: a small message passes, a large one times out', async () => {
    const { alice, yuki, session } = await pair();
    await d().admin.setFault('yahoo', { bandwidthBps: 4000 });
    expect((await yuki.send(session.id, 'tiny')).code).toBe(200);
    await alice.message('tiny');
    expect((await yuki.send(session.id, 'x'.repeat(4000))).code).toBe(408);
    await recovers('yahoo');
  });

  it('a connection reset: the link comes back by itself', async () => {
    await d().admin.resetLink('yahoo');
    await d().edge.ready(['yahoo']);
    await recovers('yahoo');
  });

  it('a provider process that is gone: a quick 504, no duplicate', async () => {
    const { alice, incoming } = await pair();
    await d().admin.setFault('yahoo', { down: true });
    const answer = await alice.send(incoming.id, 'provider gone');
    expect(answer.code).toBe(504);
    expect((await d().admin.traffic({ user: ALICE })).filter((t) => t.requestId === answer.requestId)).toHaveLength(1);
    await recovers('yahoo');
  });
});

describe('faults on the home link', () => {
  it('down: the outside gets 504 from the edge, the inside 504 from the home server; recovery when cleared', async () => {
    const { alice, yuki, session, incoming } = await pair();
    await d().admin.setFault('home', { down: true });
    await alice.until(() => !d().home.edgeLinkConnected || undefined, 'the home server sees its link down');
    const inbound = await yuki.send(session.id, 'no way in');
    expect(await outcome(d(), inbound)).toMatchObject({ code: 504, reason: 'home-unreachable', hop: 'edge' });
    const out = await alice.send(incoming.id, 'no way out');
    expect(out).toMatchObject({ code: 504, diagnostic: { reason: 'edge-unreachable', hop: 'home' } });
    await recovers('home');
  });

  it('unresponsive: 408 for the outside (from whichever hop gave up first), never delivered later', async () => {
    const { alice, yuki, session } = await pair();
    await d().admin.setFault('home', { unresponsive: true });
    const inbound = await yuki.send(session.id, 'home is silent');
    expect(inbound.code).toBe(408);
    expect(['timeout', 'next-hop-timeout']).toContain(inbound.diagnostic.reason);
    await recovers('home');
    expect(alice.hasReceived('home is silent')).toBe(false);
  });
});
