import { io, type Socket } from 'socket.io-client';
import type { Address, Answer, EdgeHello, FedRequest, ProviderHello } from '@fedlab/protocol';
import { answerFor, toPublic } from '@fedlab/protocol';
import { newNonce, proofOf } from '@fedlab/server';
import { FedlabClient } from '@fedlab/sdk';
import type { TopologyProvider } from '@fedlab/topology';
import { buildProvider, type ProviderOptions, type ProviderServer } from './provider.ts';
import { closeAll, closeLater, refusal, requestJson, until } from '@fedlab/server/testing';

export { closeAll, closeLater, until, refusal };

/** The provider under test: Yahoo! with three users. Yoko has blocked Yuki. */
export const YAHOO: TopologyProvider = {
  id: 'yahoo', name: 'Yahoo!', fqdn: 'sip.yahoo.test', port: 0, domains: ['yahoo.test'], public: true,
  users: [
    { address: 'yuki@yahoo.test', displayName: 'Yuki Yamada', verified: true },
    { address: 'yan@yahoo.test', displayName: 'Yan Young', verified: false },
    { address: 'yoko@yahoo.test', displayName: 'Yoko Ono', verified: true, contacts: ['yan@yahoo.test'], block: ['yuki@yahoo.test'] },
  ],
};
export const ALICE = 'alice@contoso.test';
export const LINK_SECRET = 'the-yahoo-link-secret';
export const PASSWORD = 'the-deployment-password';
export const ADMIN_TOKEN = 'the-admin-token';
export const EDGE_HELLO: EdgeHello = { domains: ['contoso.test'], fqdn: 'edge.contoso.test', expectedFqdn: YAHOO.fqdn, expectedPort: 1, nonce: newNonce() };



export interface Running {
  server: ProviderServer;
  url: string;
}

/** Builds the provider and listens on port 0 of loopback. */
export async function startProvider(options: Partial<ProviderOptions> = {}): Promise<Running> {
  const server = await buildProvider({ provider: structuredClone(YAHOO), timeoutMs: 1000, linkSecret: LINK_SECRET, password: PASSWORD, ...options });
  closeLater(() => server.close());
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A signed-in sdk client that keeps every request that reached it, with its answer. */
export class Person extends FedlabClient {
  readonly seen: { request: FedRequest; answer: Answer }[] = [];
  readonly signOuts: string[] = [];

  constructor(url: string, address: Address, password = PASSWORD) {
    super({ url, address, password, resubscribe: false });
    this.on('incoming', (request, answer) => this.seen.push({ request, answer }));
    this.socket.on('signed-out', ({ reason }) => this.signOuts.push(reason));
  }

  seenOf(kind: FedRequest['kind']): FedRequest[] {
    return this.seen.filter((s) => s.request.kind === kind).map((s) => s.request);
  }
}

export async function signIn(url: string, address: Address, password?: string): Promise<Person> {
  const person = new Person(url, address, password);
  closeLater(() => person.close());
  await person.signedIn();
  return person;
}

/** A signed-in client that answers what reaches it with `answer` (or not at all, when that returns undefined). */
export async function rawClient(url: string, address: Address, answer: (request: FedRequest) => unknown): Promise<Socket> {
  const socket = io(url, { auth: { address, password: PASSWORD }, transports: ['websocket'], reconnection: false, forceNew: true });
  closeLater(() => socket.close());
  socket.on('request', (request: FedRequest, ack: (answer: unknown) => void) => {
    const reply = answer(request);
    if (reply !== undefined) ack(reply);
  });
  await new Promise((resolve) => socket.once('welcome', resolve));
  return socket;
}


/**
 * Stands in for the organization's edge on the provider's /federation namespace: says hello, records what the
 * provider sends out, and answers it (in the public form, as the real edge does) with `answer`.
 */
export class FakeEdge {
  readonly socket: Socket;
  readonly received: FedRequest[] = [];
  answer: (request: FedRequest) => Answer = (request) => toPublic(answerFor(request.id, 'delivered', 'edge'));

  constructor(readonly url: string, readonly secret = LINK_SECRET) {
    this.socket = io(`${url}/federation`, { transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.on('request', (request: FedRequest, ack: (answer: Answer) => void) => {
      this.received.push(request);
      ack(this.answer(request));
    });
    closeLater(() => this.socket.close());
  }

  /** The first half of the handshake: the provider's answer to the edge's hello. */
  async hello(hello: EdgeHello = { ...EDGE_HELLO, nonce: newNonce() }): Promise<ProviderHello | { error: string }> {
    if (!this.socket.connected) await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
    return this.socket.timeout(2000).emitWithAck('hello', hello);
  }

  /** The whole handshake, with this fake's secret: hello, then the edge's proof; resolves to the provider's last ack. */
  async handshake(): Promise<unknown> {
    const hello = { ...EDGE_HELLO, expectedPort: Number(new URL(this.url).port), nonce: newNonce() };
    const answer = await this.hello(hello);
    if ('error' in answer) return answer;
    const proof = proofOf(this.secret, 'edge', { edgeFqdn: hello.fqdn, providerAddress: `${YAHOO.fqdn}:${hello.expectedPort}`, edgeNonce: hello.nonce, providerNonce: answer.nonce });
    return this.socket.timeout(2000).emitWithAck('prove', { proof });
  }

  /** Sends a request to the provider as the edge would, and resolves to the provider's answer. */
  send(request: Record<string, unknown>): Promise<Answer> {
    return this.socket.timeout(2000).emitWithAck('request', request);
  }

  receivedOf(kind: FedRequest['kind']): FedRequest[] {
    return this.received.filter((r) => r.kind === kind);
  }
}

/** A provider and a fake edge whose link is up (the handshake done with the provider's link secret). */
export async function linkedProvider(options: Partial<ProviderOptions> = {}): Promise<Running & { edge: FakeEdge }> {
  const running = await startProvider(options);
  const edge = new FakeEdge(running.url);
  await edge.handshake();
  await until(() => running.server.linkConnected, 'the federation link is up');
  return { ...running, edge };
}

/** A request as it arrives from the edge: from an internal user to one of the provider's. */
export function fromOutside(kind: FedRequest['kind'], id: string, to: Address, body: Record<string, unknown> = {}, from: Address = ALICE): Record<string, unknown> {
  return { id, kind, from, to, sentAt: Date.now(), body };
}

/** A JSON call to the provider's REST API, with the token given (none by default). */
export function http(url: string, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  return requestJson(url, method, path, options);
}
