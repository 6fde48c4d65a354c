import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Socket as ServerSocket } from 'socket.io';
import type { Answer, FedRequest } from '@fedlab/protocol';
import { answerFor, toPublic } from '@fedlab/protocol';
import { RequestLink, type LinkSocket, type RequestLinkOptions } from './request-link.ts';
import { deferred, dial, fedRequest, flush, next, startIo, useCleanup } from './test-support.ts';

const cleanup = useCleanup();

/** One end of the home ↔ edge link, as the apps build it; every request it handles is kept in `received`. */
function end(side: 'home' | 'edge', overrides: Partial<RequestLinkOptions> = {}) {
  const received: FedRequest[] = [];
  const link = new RequestLink({
    hop: side,
    node: side,
    name: side === 'home' ? 'edge' : 'home',
    unreachable: side === 'home' ? 'edge-unreachable' : 'home-unreachable',
    timeoutMs: 2000,
    onRequest: async (request) => {
      received.push(request);
      return answerFor(request.id, 'delivered', 'client');
    },
    ...overrides,
  });
  return { link, received };
}

/** A real socket.io connection: the client socket (the home server's side) and the server socket (the edge's). */
async function connection() {
  const server = await startIo();
  cleanup(server.close);
  const arrived = next<[ServerSocket]>(server.io, 'connection');
  const client = dial(server.url);
  cleanup(() => client.disconnect());
  await next(client, 'connect');
  const [socket] = await arrived;
  return { client, socket };
}

/** Both ends of a link over a real connection. */
async function linked(home: Partial<RequestLinkOptions> = {}, edge: Partial<RequestLinkOptions> = {}) {
  const { client, socket } = await connection();
  const a = end('home', home);
  const b = end('edge', edge);
  a.link.attach(client as unknown as LinkSocket);
  b.link.attach(socket as unknown as LinkSocket);
  return { home: a, edge: b, client, socket };
}

describe('RequestLink over socket.io', () => {
  it('carries a request to the peer and its one answer back, both ways', async () => {
    const { home, edge } = await linked();
    expect(home.link.connected).toBe(true);
    const out = fedRequest({ id: 'out-0001' });
    expect(await home.link.send(out)).toEqual(answerFor('out-0001', 'delivered', 'client'));
    expect(edge.received).toEqual([out]);
    const back = fedRequest({ id: 'in-0001', from: 'yuki@yahoo.test', to: 'alice@contoso.test' });
    expect(await edge.link.send(back)).toEqual(answerFor('in-0001', 'delivered', 'client'));
    expect(home.received).toEqual([back]);
  });

  it('handles a request once per sender and id: a repeat gets the first answer; another sender is another request', async () => {
    let count = 0;
    const { home, edge } = await linked({}, { onRequest: async (r) => answerFor(r.id, count++ === 0 ? 'delivered' : 'recipient-offline', 'client') });
    const first = await home.link.send(fedRequest({ id: 'dup-0001' }));
    expect(first.code).toBe(200);
    expect(await home.link.send(fedRequest({ id: 'dup-0001' }))).toEqual(first);
    expect(count).toBe(1);
    const other = await home.link.send(fedRequest({ id: 'dup-0001', from: 'bob@contoso.test' }));
    expect(other.code).toBe(480);
    expect(count).toBe(2);
    expect(edge.received).toEqual([]);
  });

  it('answers a repeat that arrives while the first is being handled with the same answer', async () => {
    const release = deferred();
    const started = deferred();
    const onRequest = vi.fn(async (r: FedRequest) => {
      started.resolve();
      await release.promise;
      return answerFor(r.id, 'delivered', 'client');
    });
    const { client } = await linked({}, { onRequest });
    const request = fedRequest({ id: 'twice-001' });
    const answers = Promise.all([client.emitWithAck('request', request), client.emitWithAck('request', request)]);
    await started.promise;
    release.resolve();
    const [a, b] = await answers;
    expect(a).toEqual(answerFor('twice-001', 'delivered', 'client'));
    expect(b).toEqual(a);
    expect(onRequest).toHaveBeenCalledTimes(1);
  });

  it('forget(): after a test reset the same id is a new request', async () => {
    const { home, edge } = await linked();
    await home.link.send(fedRequest({ id: 'again-001' }));
    edge.link.forget();
    await home.link.send(fedRequest({ id: 'again-001' }));
    expect(edge.received.map((r) => r.id)).toEqual(['again-001', 'again-001']);
  });

  it('answers a malformed request 400 with the receiving hop and one contract decision, and does not handle it', async () => {
    const { client, edge } = await linked();
    const { sentAt: _sentAt, ...noSentAt } = fedRequest({ id: 'junk-0001' });
    const answer = (await client.emitWithAck('request', noSentAt)) as Answer;
    expect(answer).toMatchObject({ requestId: 'junk-0001', code: 400, public: false, diagnostic: { reason: 'malformed', hop: 'edge' } });
    expect(answer.trail).toEqual([
      {
        hop: 'edge', node: 'edge', rule: 'contract', inputs: { error: '/sentAt: Expected required property' },
        code: 400, reason: 'malformed', explanation: '/sentAt: Expected required property', at: expect.any(Number),
      },
    ]);
    for (const junk of [{ kind: 'message' }, { id: 42 }, 'hello', null]) {
      expect(await client.emitWithAck('request', junk)).toMatchObject({ requestId: 'unknown', code: 400 });
    }
    expect(edge.received).toEqual([]);
  });

  it('ignores a request sent without an ack function', async () => {
    const { client, edge } = await linked();
    client.emit('request', fedRequest({ id: 'noack-001' }));
    await client.emitWithAck('request', fedRequest({ id: 'acked-001' }));
    expect(edge.received.map((r) => r.id)).toEqual(['acked-001']);
  });

  it('answers 500 internal-error when the handler throws, and logs the stack', async () => {
    const log = vi.fn();
    const { home } = await linked({}, { log, onRequest: async () => Promise.reject(new Error('boom')) });
    expect(await home.link.send(fedRequest({ id: 'throw-001' }))).toEqual(answerFor('throw-001', 'internal-error', 'edge'));
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^request throw-001 failed: Error: boom\n\s+at /));
  });

  it('gives every answer in the answerForm of its end: handled, malformed and failed alike', async () => {
    let fail = false;
    const { client } = await linked({}, {
      answerForm: toPublic,
      onRequest: async (r) => {
        if (fail) throw new Error('boom');
        return answerFor(r.id, 'accepted-on-allow-list', 'home', { trail: [] });
      },
    });
    expect(await client.emitWithAck('request', fedRequest({ id: 'form-0001' }))).toEqual({
      requestId: 'form-0001', code: 200, public: true, diagnostic: { id: 1000, reason: 'accepted', sentence: 'The request was accepted.', hop: 'edge' },
    });
    expect(await client.emitWithAck('request', { id: 'form-0002' })).toEqual({
      requestId: 'form-0002', code: 400, public: true, diagnostic: { id: 1400, reason: 'bad-request', sentence: 'The request is malformed.', hop: 'edge' },
    });
    fail = true;
    expect(await client.emitWithAck('request', fedRequest({ id: 'form-0003' }))).toMatchObject({ code: 500, public: true, diagnostic: { reason: 'server-error' } });
  });

  it('answers 400 malformed itself when the peer answers outside the contract', async () => {
    const { client, socket } = await connection();
    socket.on('request', (_request, ack) => ack({ ok: true }));
    const home = end('home');
    home.link.attach(client as unknown as LinkSocket);
    const answer = await home.link.send(fedRequest({ id: 'odd-00001' }));
    expect(answer).toMatchObject({ requestId: 'odd-00001', code: 400, diagnostic: { reason: 'malformed', hop: 'home' } });
    expect(answer.trail).toMatchObject([{ hop: 'home', node: 'home', rule: 'link', inputs: { link: 'edge' }, reason: 'malformed' }]);
    expect(answer.trail![0]!.explanation).toMatch(/^the peer answered outside the contract: /);
  });

  it('answers 408 next-hop-timeout at its deadline when the peer does not answer', async () => {
    const { client, socket } = await connection();
    const arrived = next(socket, 'request');
    const home = end('home', { timeoutMs: 30 });
    home.link.attach(client as unknown as LinkSocket);
    const answer = await home.link.send(fedRequest({ id: 'slow-0001' }));
    await arrived;
    expect(answer).toEqual(
      answerFor('slow-0001', 'next-hop-timeout', 'home', {
        trail: [{ hop: 'home', node: 'home', rule: 'link', inputs: { link: 'edge' }, code: 408, reason: 'next-hop-timeout', explanation: 'no answer within 30 ms', at: expect.any(Number) }],
      }),
    );
  });

  it('answers 504 when the link drops while the answer is awaited', async () => {
    const { client, socket } = await connection();
    const arrived = next(socket, 'request');
    const home = end('home');
    home.link.attach(client as unknown as LinkSocket);
    const answer = home.link.send(fedRequest({ id: 'drop-0001' }));
    await arrived;
    socket.disconnect(true);
    expect(await answer).toMatchObject({ requestId: 'drop-0001', code: 504, diagnostic: { reason: 'edge-unreachable', hop: 'home' } });
    expect((await answer).trail).toMatchObject([{ rule: 'link', inputs: { link: 'edge' }, explanation: 'the link dropped before the answer came' }]);
    expect(home.link.connected).toBe(false);
    expect(await home.link.send(fedRequest({ id: 'drop-0002' }))).toMatchObject({ code: 504, diagnostic: { reason: 'edge-unreachable' } });
  });
});

/**
 * An in-memory socket: what the link emits is kept in `emitted` and answered by `answer` (by default never), and
 * `deliver` plays a request arriving from the peer. With it, fake timers can prove the faults' timing exactly.
 */
class FakeSocket implements LinkSocket {
  connected = true;
  readonly emitted: FedRequest[] = [];
  answer: (request: FedRequest) => Promise<unknown> = () => new Promise(() => undefined);
  readonly #handlers = new Map<string, Set<(...args: never[]) => void>>();

  timeout(_ms: number) {
    return {
      emitWithAck: (_event: 'request', request: FedRequest) => {
        this.emitted.push(request);
        return this.answer(request);
      },
    };
  }

  on(event: string, handler: (...args: never[]) => void): this {
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event)!.add(handler);
    return this;
  }

  off(event: string, handler?: (...args: never[]) => void): this {
    if (handler) this.#handlers.get(event)?.delete(handler);
    return this;
  }

  listeners(event: string): number {
    return this.#handlers.get(event)?.size ?? 0;
  }

  /** A request from the peer; `ack` records the one answer this end gives. */
  deliver(raw: unknown) {
    const ack = vi.fn<(answer: Answer) => void>();
    for (const handler of this.#handlers.get('request') ?? []) (handler as (raw: unknown, ack: (answer: Answer) => void) => void)(raw, ack);
    return ack;
  }

  drop(): void {
    this.connected = false;
    for (const handler of this.#handlers.get('disconnect') ?? []) (handler as (reason: string) => void)('transport close');
  }
}

function fakeEnd(overrides: Partial<RequestLinkOptions> = {}) {
  const socket = new FakeSocket();
  const onRequest = vi.fn(async (r: FedRequest) => answerFor(r.id, 'delivered', 'client'));
  const link = new RequestLink({ hop: 'edge', node: 'edge', name: 'yahoo', unreachable: 'provider-unreachable', timeoutMs: 100, onRequest, ...overrides });
  link.attach(socket);
  return { link, socket, onRequest };
}

describe('RequestLink: link down', () => {
  it('answers 504 at once when it has no socket, or after detach, and lets go of the socket', async () => {
    const lone = fakeEnd();
    const never = new RequestLink({ ...lone.link.options });
    expect(never.connected).toBe(false);
    expect(await never.send(fedRequest({ id: 'none-0001' }))).toEqual(
      answerFor('none-0001', 'provider-unreachable', 'edge', {
        trail: [{ hop: 'edge', node: 'edge', rule: 'link', inputs: { link: 'yahoo' }, code: 504, reason: 'provider-unreachable', explanation: 'the link is down', at: expect.any(Number) }],
      }),
    );
    const pending = lone.link.send(fedRequest({ id: 'gone-0001' }));
    lone.link.detach();
    expect(await pending).toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable' } });
    expect(await lone.link.send(fedRequest({ id: 'gone-0002' }))).toMatchObject({ code: 504 });
    expect([lone.socket.listeners('request'), lone.socket.listeners('disconnect')]).toEqual([0, 0]);
    expect(lone.socket.deliver(fedRequest())).not.toHaveBeenCalled();
  });

  it('answers what is pending 504 when the socket disconnects', async () => {
    const { link, socket } = fakeEnd();
    const pending = link.send(fedRequest({ id: 'drop-0001' }));
    await flush();
    expect(socket.emitted).toHaveLength(1);
    socket.drop();
    expect(await pending).toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable', hop: 'edge' } });
    expect(link.connected).toBe(false);
  });

  it('tells apart two senders\' requests with the same id while both wait: a down fault answers each 504', async () => {
    const { link, socket } = fakeEnd();
    const release = deferred<Answer>();
    socket.answer = () => release.promise;
    const first = link.send(fedRequest({ id: 'same-0001', from: 'yuki@yahoo.test' }));
    const second = link.send(fedRequest({ id: 'same-0001', from: 'yan@yahoo.test' }));
    await flush();
    link.setFault({ down: true });
    expect(await first).toMatchObject({ requestId: 'same-0001', code: 504 });
    expect(await second).toMatchObject({ requestId: 'same-0001', code: 504 });
  });

  it('with a down fault: reports down, answers 504 at once and fails what is pending; clearing it restores the link', async () => {
    const { link, socket, onRequest } = fakeEnd();
    const release = deferred<Answer>();
    socket.answer = () => release.promise;
    const pending = link.send(fedRequest({ id: 'pend-0001' }));
    await flush();
    expect(socket.emitted).toHaveLength(1);
    link.setFault({ down: true });
    expect(link.connected).toBe(false);
    expect(link.fault).toEqual({ down: true });
    expect(await pending).toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable' } });
    release.resolve(answerFor('pend-0001', 'delivered', 'client'));
    expect(await link.send(fedRequest({ id: 'down-0001' }))).toMatchObject({ code: 504, trail: [{ explanation: 'the link is down' }] });
    const ack = socket.deliver(fedRequest({ id: 'down-0002' }));
    await flush();
    link.setFault({});
    expect(link.connected).toBe(true);
    socket.answer = async (r) => answerFor(r.id, 'delivered', 'client');
    expect(await link.send(fedRequest({ id: 'up-00001' }))).toMatchObject({ code: 200 });
    expect(socket.emitted.map((r) => r.id)).toEqual(['pend-0001', 'up-00001']);
    expect(ack).not.toHaveBeenCalled();
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('keeps its fault to itself: the getter and setFault copy it', () => {
    const { link } = fakeEnd();
    const fault = { latencyMs: 5 };
    link.setFault(fault);
    fault.latencyMs = 50;
    const seen = link.fault;
    seen.latencyMs = 500;
    expect(link.fault).toEqual({ latencyMs: 5 });
  });
});

describe('RequestLink: timing faults (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('an unresponsive end neither sends nor answers: its own sender gets 408 at the deadline', async () => {
    vi.useFakeTimers();
    const { link, socket, onRequest } = fakeEnd({ timeoutMs: 100 });
    link.setFault({ unresponsive: true });
    const answer = link.send(fedRequest({ id: 'mute-0001' }));
    const ack = socket.deliver(fedRequest({ id: 'mute-0002' }));
    await vi.advanceTimersByTimeAsync(99);
    expect(await Promise.race([answer, 'waiting'])).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toMatchObject({ code: 408, diagnostic: { reason: 'next-hop-timeout', hop: 'edge' } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.emitted).toEqual([]);
    expect(ack).not.toHaveBeenCalled();
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('latency and jitter hold each request, sent or received, latency + random × jitter', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { link, socket, onRequest } = fakeEnd({ timeoutMs: 100 });
    socket.answer = async (r) => answerFor(r.id, 'delivered', 'client');
    link.setFault({ latencyMs: 20, jitterMs: 40 }); // 20 + 0.5 × 40 = 40 ms
    const answer = link.send(fedRequest({ id: 'late-0001' }));
    const ack = socket.deliver(fedRequest({ id: 'late-0002' }));
    await vi.advanceTimersByTimeAsync(39);
    expect([socket.emitted.length, onRequest.mock.calls.length]).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toMatchObject({ requestId: 'late-0001', code: 200 });
    expect(ack).toHaveBeenCalledWith(answerFor('late-0002', 'delivered', 'client'));
  });

  it('a bandwidth limit holds each request its JSON size ÷ bandwidth', async () => {
    vi.useFakeTimers();
    const { link, socket } = fakeEnd({ timeoutMs: 100 });
    const request = fedRequest({ id: 'wide-0001' });
    const bytes = Buffer.byteLength(JSON.stringify(request));
    link.setFault({ bandwidthBps: bytes * 50 }); // 20 ms
    void link.send(request);
    await vi.advanceTimersByTimeAsync(19);
    expect(socket.emitted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.emitted).toEqual([request]);
  });

  it('a request held past the deadline is dropped, never sent late: its sender had 408 already', async () => {
    vi.useFakeTimers();
    const { link, socket } = fakeEnd({ timeoutMs: 100 });
    link.setFault({ latencyMs: 150 });
    const answer = link.send(fedRequest({ id: 'held-0001' }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await answer).toMatchObject({ code: 408 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.emitted).toEqual([]);
  });

  it('a request received and held until the deadline is dropped, never handled late', async () => {
    vi.useFakeTimers();
    const { link, socket, onRequest } = fakeEnd({ timeoutMs: 100 });
    link.setFault({ latencyMs: 99 });
    const inTime = socket.deliver(fedRequest({ id: 'held-0001' }));
    link.setFault({ latencyMs: 100 });
    const tooLate = socket.deliver(fedRequest({ id: 'held-0002' }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(inTime).toHaveBeenCalledWith(answerFor('held-0001', 'delivered', 'client'));
    expect(onRequest.mock.calls.map(([r]) => r.id)).toEqual(['held-0001']);
    expect(tooLate).not.toHaveBeenCalled();
  });
});
