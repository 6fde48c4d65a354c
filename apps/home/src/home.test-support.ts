import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import type { Address, Answer, FedRequest, SecurityEvent, UserDeleted, UserOnline, UsersChanged, Verification } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { FedlabClient } from '@fedlab/sdk';
import { buildHome, type HomeOptions, type HomeServer } from './home.ts';
import { closeAll, closeLater, requestJson, until } from '@fedlab/server/testing';

export { closeAll, closeLater, until };

export const INTERNAL_TOKEN = 'the-internal-link-secret';
export const ADMIN_TOKEN = 'the-admin-token';
export const PASSWORD = 'the-deployment-password';
export const YUKI = 'yuki@yahoo.test';
export const FRIEND = 'friend@yahoo.test';
export const TROLL = 'troll@yahoo.test';

/** The organization under test: one user per setting that rules 5–8 look at. */
export const ORG: HomeOptions['topology'] = {
  organization: {
    name: 'Contoso',
    domains: ['contoso.test'],
    users: [
      { address: 'alice@contoso.test', displayName: 'Alice Anders', enablement: { federation: true, publicIm: true }, allow: [FRIEND], block: [TROLL] },
      { address: 'bob@contoso.test', displayName: 'Bob Brandt', enablement: { federation: false, publicIm: true } },
      { address: 'carol@contoso.test', displayName: 'Carol Chen', enablement: { federation: true, publicIm: false } },
      { address: 'dave@contoso.test', displayName: 'Dave Dahl' },
      { address: 'erin@contoso.test', displayName: 'Erin Ek', enablement: { federation: true, publicIm: true }, subscriptionSetting: 'allow' },
      { address: 'frank@contoso.test', displayName: 'Frank Feld', enablement: { federation: true, publicIm: true }, blockImFromNonAllowList: true },
      { address: 'gina@contoso.test', displayName: 'Gina Gray', enablement: { federation: true, publicIm: true }, subscriptionSetting: 'block', allow: [TROLL], block: [TROLL] },
    ],
  },
};



/**
 * A tiny edge: the /internal namespace, checking the link secret as the real edge does. It records what the home
 * server sends outward and answers it with `answer`; `send` injects a request from outside.
 */
export class FakeEdge {
  readonly received: FedRequest[] = [];
  readonly notices: Omit<UsersChanged, 'id' | 'at'>[] = [];
  readonly security: SecurityEvent[] = [];
  readonly deletions: Omit<UserDeleted, 'id' | 'at'>[] = [];
  /** The users:online notices: who signed in and out. */
  readonly online: UserOnline[] = [];
  readonly tokens: unknown[] = [];
  /** Whether the fake acknowledges admin notices (false: the home server keeps them in its outbox). */
  acksNotices = true;
  socket: ServerSocket | undefined;
  answer: (request: FedRequest) => Answer = (request) => answerFor(request.id, 'delivered', 'client');

  private constructor(readonly io: Server, readonly url: string) {
    const internal = io.of('/internal');
    internal.use((socket, next) => {
      this.tokens.push(socket.handshake.auth?.token);
      next(socket.handshake.auth?.token === INTERNAL_TOKEN ? undefined : new Error('unauthorized: wrong internal link token'));
    });
    internal.on('connection', (socket) => {
      this.socket = socket;
      socket.on('request', (request: FedRequest, ack: (answer: Answer) => void) => {
        this.received.push(request);
        ack(this.answer(request));
      });
      // The home server's outbox id and time are its own: the tests look at what the notices say.
      const fromOutbox = <T extends { id?: string; at?: number }>(into: Omit<T, 'id' | 'at'>[]) => (notice: T, ack?: (r: { ok: boolean }) => void) => {
        if (!this.acksNotices) return;
        const { id: _id, at: _at, ...rest } = notice;
        into.push(rest);
        ack?.({ ok: true });
      };
      socket.on('users:changed', fromOutbox<UsersChanged>(this.notices));
      socket.on('user:deleted', fromOutbox<UserDeleted>(this.deletions));
      socket.on('security:events', (events: SecurityEvent[], ack?: (r: { ok: boolean }) => void) => {
        for (const event of events) {
          const known = this.security.findIndex((e) => e.id === event.id);
          if (known >= 0) this.security[known] = event;
          else this.security.push(event);
        }
        ack?.({ ok: true });
      });
      socket.on('users:online', (notice: UserOnline) => this.online.push(notice));
    });
  }

  static async start(): Promise<FakeEdge> {
    const server = createServer();
    const io = new Server(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const edge = new FakeEdge(io, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    closeLater(() => new Promise<void>((resolve) => io.close(() => resolve())));
    return edge;
  }

  /** A request from outside, as the edge hands it to the home server; resolves to the home server's answer. */
  send(request: Record<string, unknown>): Promise<Answer> {
    if (!this.socket) throw new Error('the home server has not connected');
    return this.socket.timeout(3000).emitWithAck('request', request);
  }

  receivedOf(kind: FedRequest['kind']): FedRequest[] {
    return this.received.filter((r) => r.kind === kind);
  }

  /** Asks the home server for its trace of a request, as the edge's trace view does. */
  traceOf(requestId: unknown): Promise<unknown> {
    return this.socket!.timeout(3000).emitWithAck('trace:get', requestId);
  }
}

export interface Running {
  home: HomeServer;
  url: string;
  /** Closes the home server now (a restart); closing again does nothing. */
  close(): Promise<void>;
}

/** Builds the home server on port 0, dialing `edgeUrl`, and waits for the link when asked to. */
export async function startHome(edgeUrl: string, options: Partial<HomeOptions> & { waitForLink?: boolean } = {}): Promise<Running> {
  const { waitForLink = true, ...rest } = options;
  const home = await buildHome({ topology: structuredClone(ORG), edgeUrl, internalToken: INTERNAL_TOKEN, adminToken: ADMIN_TOKEN, password: PASSWORD, database: ':memory:', timeoutMs: 1000, ...rest });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= home.close());
  closeLater(close);
  const port = await home.listen(0, '127.0.0.1');
  if (waitForLink) await home.edgeLinkReady();
  return { home, url: `http://127.0.0.1:${port}`, close };
}

/** A home server linked to a fresh fake edge. */
export async function linkedHome(options: Partial<HomeOptions> = {}): Promise<Running & { edge: FakeEdge }> {
  const edge = await FakeEdge.start();
  const running = await startHome(edge.url, options);
  await until(() => edge.socket?.connected, 'the home server dialed the edge');
  return { ...running, edge };
}

/** A signed-in sdk client that keeps every request that reached it, with its answer. */
export class Person extends FedlabClient {
  readonly seen: { request: FedRequest; answer: Answer }[] = [];
  readonly events: string[] = [];

  constructor(url: string, address: Address, password = PASSWORD) {
    super({ url, address, password, resubscribe: false });
    this.on('incoming', (request, answer) => this.seen.push({ request, answer }));
    for (const event of ['prompt', 'profile'] as const) this.on(event, () => this.events.push(event));
    this.socket.on('signed-out', ({ reason }) => this.events.push(`signed-out:${reason}`));
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

export interface FromOutside {
  from?: Address;
  verification?: Verification;
  network?: 'publiccloud' | 'federation';
  /** false: no stamp at all. */
  stamp?: boolean;
}

/** A request from an outside user as the edge hands it on: stamped by the edge (Yahoo! or, for federation, Fabrikam). */
export function fromOutside(kind: FedRequest['kind'], id: string, to: Address, body: Record<string, unknown> = {}, options: FromOutside = {}): Record<string, unknown> {
  const { from = YUKI, verification = 'verified', network = 'publiccloud', stamp = true } = options;
  const provider = network === 'publiccloud' ? { provider: 'yahoo', fqdn: 'sip.yahoo.test' } : { provider: 'fabrikam', fqdn: 'sip.fabrikam.test' };
  return { id, kind, from, to, sentAt: Date.now(), body, ...(stamp ? { stamp: { network, ...provider, verification } } : {}) };
}

/** A JSON call to the home server's REST API, with the admin token unless told otherwise (`null`: none). */
export function http(url: string, method: string, path: string, options: { body?: unknown; token?: string | null } = {}) {
  return requestJson(url, method, path, { ...options, token: options.token === undefined ? ADMIN_TOKEN : options.token });
}
