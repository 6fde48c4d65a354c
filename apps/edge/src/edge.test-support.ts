import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import type { Answer, DialogsEnd, DialogsEnded, EdgeHello, EndedDialog, FedRequest, Filtering, HopDecision } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { newNonce, proofMatches, proofOf, type HandshakeParts } from '@fedlab/server';
import type { Topology, TopologyProvider } from '@fedlab/topology';
import { buildEdge, type EdgeOptions, type EdgeServer } from './edge.ts';
import { closeAll, closeLater, refusal, requestJson, until } from '@fedlab/server/testing';

export { closeAll, closeLater, until, refusal };

export const ADMIN_TOKEN = 'the-admin-token';
export const INTERNAL_TOKEN = 'the-internal-link-secret';
/** Each provider's link secret in these tests. */
export const secretOf = (id: string) => `the-link-secret-of-${id}`;
export const ORG_DOMAINS = ['contoso.test'];
export const ALICE = 'alice@contoso.test';
export const YUKI = 'yuki@yahoo.test';




/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(): Promise<{ io: Server; port: number }> {
  const server = createServer();
  const ioServer = new Server(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeLater(() => new Promise<void>((resolve) => ioServer.close(() => resolve())));
  return { io: ioServer, port: (server.address() as AddressInfo).port };
}

/**
 * A provider's Access Edge, as small as it gets: the /federation namespace on port 0. It records the hellos and
 * proofs it is given, answers the hello with `helloAnswer` (by default the real handshake with `secret`), keeps
 * what the edge sends and answers it with `answer`; `send` makes a request from the provider's side.
 */
export class FakeProvider {
  readonly tokens: unknown[] = [];
  readonly hellos: EdgeHello[] = [];
  /** Everything the edge said in its `prove` (nothing, to a peer that did not prove itself first). */
  readonly proofs: unknown[] = [];
  /** The link secret this fake holds (a fake peer holds the wrong one, or none). */
  secret: string;
  #parts: HandshakeParts | undefined;
  readonly received: FedRequest[] = [];
  readonly dropped: string[] = [];
  /** The teardowns the edge asked of this side, and what the fake answers it ended. */
  readonly teardowns: DialogsEnd[] = [];
  ended: (notice: DialogsEnd) => EndedDialog[] = () => [];
  socket: ServerSocket | undefined;
  helloAnswer: (hello: EdgeHello) => unknown;
  /** false: the fake never answers a hello (a peer that hangs). */
  answersHello = true;
  /** What the fake does after answering a hello for another FQDN: hang up, as the real provider does. */
  hangUpOnError = true;
  answer: (request: FedRequest) => Answer = (request) => answerFor(request.id, 'delivered', 'provider');

  private constructor(readonly io: Server, readonly port: number, readonly id: string, readonly fqdn: string, readonly domains: string[]) {
    this.secret = secretOf(id);
    this.helloAnswer = (hello) => {
      if (hello.expectedFqdn !== fqdn) return { error: `this is ${fqdn}, not ${hello.expectedFqdn}` };
      this.#parts = { edgeFqdn: hello.fqdn, providerAddress: `${fqdn}:${this.port}`, edgeNonce: hello.nonce, providerNonce: newNonce() };
      return { name: id, fqdn, domains, nonce: this.#parts.providerNonce, proof: proofOf(this.secret, 'provider', this.#parts) };
    };
    const federation = io.of('/federation');
    federation.use((socket, next) => {
      this.tokens.push(socket.handshake.auth?.token);
      next();
    });
    federation.on('connection', (socket) => {
      socket.on('disconnect', (reason) => this.dropped.push(reason));
      socket.on('hello', (hello: EdgeHello, ack: (answer: unknown) => void) => {
        this.hellos.push(hello);
        if (!this.answersHello) return;
        const answer = this.helloAnswer(hello);
        ack(answer);
        if ((answer as { error?: string })?.error && this.hangUpOnError) socket.disconnect(true);
      });
      socket.on('prove', (proof: { proof?: unknown }, ack: (answer: unknown) => void) => {
        this.proofs.push(proof);
        const parts = this.#parts;
        if (!parts || !proofMatches(proofOf(this.secret, 'edge', parts), proof?.proof)) return ack({ error: 'unauthorized: this peer is not the organization\'s edge' });
        this.socket = socket;
        ack({ ok: true });
      });
      socket.on('request', (request: FedRequest, ack: (answer: Answer) => void) => {
        this.received.push(request);
        ack(this.answer(request));
      });
      socket.on('dialogs:end', (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => {
        this.teardowns.push(notice);
        ack({ ended: this.ended(notice) });
      });
    });
  }

  static async start(id: string, fqdn: string, domains: string[]): Promise<FakeProvider> {
    const { io: ioServer, port } = await listening();
    return new FakeProvider(ioServer, port, id, fqdn, domains);
  }

  get connections(): number {
    return this.tokens.length;
  }

  /** A request from this provider's side of the link; resolves to the edge's answer. */
  send(request: Record<string, unknown>): Promise<Answer> {
    if (!this.socket) throw new Error(`${this.id}: the edge has not said hello`);
    return this.socket.timeout(3000).emitWithAck('request', request);
  }

  receivedOf(kind: FedRequest['kind']): FedRequest[] {
    return this.received.filter((r) => r.kind === kind);
  }
}

/** The home server's end of /internal: records what the edge hands in and answers it with `answer`. */
export class FakeHome {
  readonly socket: Socket;
  readonly received: FedRequest[] = [];
  readonly teardowns: DialogsEnd[] = [];
  answer: (request: FedRequest) => Answer = (request) => answerFor(request.id, 'delivered', 'client');
  ended: (notice: DialogsEnd) => EndedDialog[] = () => [];
  trace: (requestId: string) => HopDecision[] = () => [];

  constructor(edgeUrl: string, token = INTERNAL_TOKEN) {
    this.socket = io(`${edgeUrl}/internal`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.on('request', (request: FedRequest, ack: (answer: Answer) => void) => {
      this.received.push(request);
      ack(this.answer(request));
    });
    this.socket.on('trace:get', (requestId: string, ack: (decisions: HopDecision[]) => void) => ack(this.trace(requestId)));
    this.socket.on('dialogs:end', (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => {
      this.teardowns.push(notice);
      ack({ ended: this.ended(notice) });
    });
    closeLater(() => this.socket.close());
  }

  connected(): Promise<void> {
    return this.socket.connected ? Promise.resolve() : new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  /** A request from an internal user, as the home server sends it; resolves to the edge's answer. */
  send(request: Record<string, unknown>): Promise<Answer> {
    return this.socket.timeout(3000).emitWithAck('request', request);
  }

  receivedOf(kind: FedRequest['kind']): FedRequest[] {
    return this.received.filter((r) => r.kind === kind);
  }
}

export interface ProviderSetup {
  id: string;
  name?: string;
  domains: string[];
  public?: boolean;
  allowed?: boolean;
  filtering?: Filtering;
  /** The fake to dial; none: the entry points at a port nothing listens on. */
  at?: FakeProvider;
}

/** A topology provider entry for the edge's list, pointing at a fake (or at nothing). */
export async function providerFor(setup: ProviderSetup): Promise<TopologyProvider> {
  return {
    id: setup.id, name: setup.name ?? setup.id, fqdn: setup.at?.fqdn ?? `sip.${setup.id}.test`, port: setup.at?.port ?? (await closedPort()),
    domains: setup.domains, public: setup.public ?? true, users: [],
    edge: { allowed: setup.allowed ?? true, filtering: setup.filtering ?? 'verified-only' },
  };
}

export function topologyWith(providers: TopologyProvider[], federationEnabled = true): EdgeOptions['topology'] {
  return {
    organization: { name: 'Contoso', domains: ORG_DOMAINS, users: [] },
    edge: { fqdn: 'edge.contoso.test', port: 0, federationEnabled },
    providers,
    hosts: Object.fromEntries(providers.map((p) => [p.fqdn, '127.0.0.1'])),
  };
}

export interface RunningEdge {
  edge: EdgeServer;
  url: string;
  topology: EdgeOptions['topology'];
  /** Admin REST call with the token (or the one given; null: none). */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
}

/** Builds the edge on port 0 with these providers in its list. */
export async function startEdge(providers: TopologyProvider[], options: Partial<EdgeOptions> = {}): Promise<RunningEdge> {
  const topology = options.topology ?? topologyWith(providers);
  const linkSecrets = Object.fromEntries(topology.providers.map((p) => [p.id, secretOf(p.id)]));
  const edge = await buildEdge({ topology, internalToken: INTERNAL_TOKEN, linkSecrets, adminToken: ADMIN_TOKEN, database: ':memory:', timeoutMs: 500, ...options });
  closeLater(() => edge.close());
  const url = `http://127.0.0.1:${await edge.listen(0, '127.0.0.1')}`;
  return { edge, url, topology, api: (method, path, body, token) => http(url, method, path, body, token === undefined ? ADMIN_TOKEN : token) };
}

/** The edge with three fakes: Yahoo! (public, allowed), MSN (public, not allowed), Fabrikam (partner), and a fake home. */
export async function edgeWithPeers(options: { filtering?: Filtering } = {}) {
  const yahoo = await FakeProvider.start('yahoo', 'sip.yahoo.test', ['yahoo.test']);
  const msn = await FakeProvider.start('msn', 'sip.msn.test', ['hotmail.test', 'msn.test']);
  const fabrikam = await FakeProvider.start('fabrikam', 'sip.fabrikam.test', ['fabrikam.test']);
  const running = await startEdge([
    await providerFor({ id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], at: yahoo, filtering: options.filtering ?? 'verified-only' }),
    await providerFor({ id: 'msn', name: 'MSN', domains: ['hotmail.test', 'msn.test'], at: msn, allowed: false }),
    await providerFor({ id: 'fabrikam', name: 'Fabrikam', domains: ['fabrikam.test'], at: fabrikam, public: false }),
  ]);
  const home = new FakeHome(running.url);
  await home.connected();
  await running.edge.ready();
  await until(() => yahoo.socket && msn.socket && fabrikam.socket, 'every provider finished the handshake');
  // On connecting, the home server is told to end what MSN's block cuts (it may have been away at the block).
  await until(() => home.teardowns.length === 1, 'the home server heard what the blocked MSN cuts');
  home.teardowns.length = 0;
  return { ...running, home, yahoo, msn, fabrikam };
}

/** A request between servers. */
export function request(kind: FedRequest['kind'], id: string, from: string, to: string, body: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, kind, from, to, sentAt: Date.now(), body, ...extra };
}


/** A socket on the live /admin namespace that keeps every event it gets. */
export async function adminPage(url: string): Promise<{ socket: Socket; events: { event: string; payload: any }[] }> {
  const socket = io(`${url}/admin`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
  closeLater(() => socket.close());
  const events: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, events };
}

/** A JSON call to the edge's REST API, with the token given. */
export function http(url: string, method: string, path: string, body?: unknown, token?: string | null) {
  return requestJson(url, method, path, { body, token });
}
