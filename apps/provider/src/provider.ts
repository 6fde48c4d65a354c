import type { Address, Answer, FedRequest, Presence, UserLists, Welcome } from '@fedlab/protocol';
import {
  ClientRequestSchema, ListChangeSchema, OFFLINE, PresenceSchema, answerFor, domainOf, newId, parse, toSenderForm,
} from '@fedlab/protocol';
import { decideAtProvider } from '@fedlab/policy';
import { ProviderUserSchema, type TopologyProvider, type TopologyProviderUser } from '@fedlab/topology';
import { ClientHub, DEFAULT_RATE_LIMIT, RateLimiter, RequestLink, Sessions, TraceLog, Watchers, createHttp, decision, decisionsOf, requireAdminToken, deadlines, settleOwnRequest, type ClientSocket, DEFAULT_TIMEOUT_MS, PasswordBook, SignInGuard, acceptEdge, type OriginPolicy, type SignInLimits } from '@fedlab/server';

export interface ProviderOptions {
  provider: TopologyProvider;
  /** How long to wait for the edge or a client before answering 408. */
  timeoutMs?: number;
  /** Requests a user may send: a burst, then so many a second (429 past it). */
  rateLimit?: { perSecond: number; burst: number };
  /** Bearer token of the provider's small admin API (users at run time, reset); no admin API without one. */
  adminToken?: string;
  /**
   * The secret this provider shares with the organization's edge: each side proves it holds it, without sending
   * it, before the federation link is up (a stand-in for mutual TLS; packages/server/src/link-auth.ts).
   */
  linkSecret: string;
  /** The sign-in password of every user who has none of their own (topology, admin). */
  password: string;
  /** Browser origins allowed to sign in and read /directory (docs/security.md); none: no browser page. */
  origins?: OriginPolicy;
  /** Failed sign-ins allowed per address and per source in a window. */
  signInLimits?: Partial<SignInLimits>;
  log?: (line: string) => void;
}

interface ProviderUser {
  address: Address;
  displayName: string;
  verified: boolean;
  presence: Presence;
  lists: UserLists;
}

export interface ProviderServer {
  readonly id: string;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Whether the edge's federation link is up. */
  readonly linkConnected: boolean;
  /**
   * QA only: send a hand-made request over the federation link as this provider, as a misbehaving provider
   * would (a spoofed sender domain, a forged trust stamp). In-process deployments only; no route exposes it.
   */
  sendRaw(request: FedRequest): Promise<Answer>;
  /** QA only: hang up the federation link from this side, as a provider going away would. */
  dropFederationLink(): Promise<void>;
  trace(requestId: string): ReturnType<TraceLog['get']>;
}

/**
 * A mock public IM provider (MSN, Yahoo!, AOL) or a federated partner: its own users sign in over socket.io and
 * talk among themselves; traffic for other domains goes over the federation link the edge opens to the
 * provider's Access Edge address (namespace /federation). It applies its own simple rules to its own users and
 * asserts each user's verification level on what leaves it.
 */
export async function buildProvider(options: ProviderOptions): Promise<ProviderServer> {
  const config = options.provider;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);
  const id = config.id;
  const users = new Map<Address, ProviderUser>(config.users.map((u) => [u.address, fromTopology(u)]));
  const watchers = new Watchers();
  /** The subscriptions our users asked for: a presence update is taken only on one of them. */
  const following = new Watchers(undefined, 'following');
  const deadline = deadlines(timeoutMs);
  const sessions = new Sessions();
  const traces = new TraceLog();
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const isLocal = (address: Address) => config.domains.includes(domainOf(address));

  const passwords = await PasswordBook.create(options.password, config.users);
  const http = await createHttp({ name: `provider:${id}`, node: id, ...(options.origins ? { origins: options.origins } : {}), health: () => ({ provider: id, federationLink: link.connected, online: hub.online().length }) });
  http.app.get('/directory', async () => ({
    provider: { id, name: config.name, domains: config.domains, public: config.public },
    users: [...users.values()].map((u) => ({ address: u.address, displayName: u.displayName, verified: u.verified, online: hub.isOnline(u.address) })),
  }));

  if (options.adminToken) {
    // The token is checked first, on request: a caller without it learns nothing, not even what a valid body is.
  const admin = { onRequest: requireAdminToken(options.adminToken, http.security) };
    http.app.post('/api/users', { ...admin, schema: { body: ProviderUserSchema } }, async (request, reply) => {
      const body = request.body as TopologyProviderUser;
      if (!isLocal(body.address)) return reply.status(400).send({ error: 'invalid-payload', message: `${body.address} is not in a domain of ${config.name} (${config.domains.join(', ')}).` });
      if (users.has(body.address)) return reply.status(409).send({ error: 'conflict', message: `${body.address} already exists.` });
      users.set(body.address, fromTopology(body));
      if (body.password !== undefined) await passwords.setOwn(body.address, body.password);
      return reply.status(201).send({ address: body.address });
    });
    http.app.delete('/api/users/:address', admin, async (request, reply) => {
      const { address } = request.params as { address: string };
      if (config.users.some((u) => u.address === address)) {
        return reply.status(409).send({ error: 'conflict', message: `${address} is a user of the topology; only users created at run time can be deleted.` });
      }
      hub.socketOf(address)?.disconnect(true);
      if (!users.delete(address)) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
      passwords.forget(address);
      watchers.forget(address);
      following.forget(address);
      for (const { id } of sessions.of(address)) sessions.close(id);
      return reply.status(204).send();
    });
    http.app.post('/api/reset', admin, async () => {
      hub.disconnectAll();
      users.clear();
      for (const u of config.users) users.set(u.address, fromTopology(u));
      passwords.reset();
      watchers.clear();
      following.clear();
      sessions.clear();
      traces.clear();
      link.forget();
      return { reset: true };
    });
    http.app.get('/api/security', admin, async () => http.security.list());
  }

  const link = new RequestLink({ hop: 'provider', node: id, name: 'edge', timeoutMs: deadline.origin, unreachable: 'edge-unreachable', onRequest: (r) => deliverLocally(r), log });

  const federation = http.io.of('/federation');
  acceptEdge(federation, {
    name: config.name, fqdn: config.fqdn, domains: config.domains, secret: options.linkSecret, security: http.security, timeoutMs, log,
    port: () => (http.app.server.address() as { port: number }).port,
    onEdge: (socket) => link.attach(socket as never),
  });

  const hub = new ClientHub(http.io.of('/') as never, {
    hop: 'provider', node: id, timeoutMs: deadline.client, exists: (a) => users.has(a),
    signIn: new SignInGuard({ passwords, security: http.security, ...(options.signInLimits ? { limits: options.signInLimits } : {}) }),
    onSignIn: (address, socket) => signIn(address, socket),
    onSignOut: (address) => setPresence(address, OFFLINE),
  });

  function profileOf(u: ProviderUser) {
    return { address: u.address, displayName: u.displayName, kind: 'provider' as const, provider: config.name, lists: structuredClone(u.lists) };
  }

  function signIn(address: Address, socket: ClientSocket): void {
    const user = users.get(address)!;
    socket.on('request', async (raw, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = parse(ClientRequestSchema, raw);
      if (!parsed.ok) return ack(answerFor(String((raw as { id?: unknown })?.id ?? 'unknown'), 'malformed', 'provider'));
      if (!limiter.take(address)) return ack(answerFor(parsed.value.id, 'rate-limited', 'provider'));
      ack(toSenderForm(await send({ ...parsed.value, from: address, sentAt: Date.now() } as FedRequest)));
    });
    socket.on('presence:set', (raw, ack) => {
      const parsed = parse(PresenceSchema, raw);
      if (!parsed.ok) return ack?.({ ok: false, error: { code: 'invalid-payload', message: parsed.error } });
      setPresence(address, parsed.value as Presence);
      ack?.({ ok: true });
    });
    socket.on('list:change', (raw, ack) => {
      const parsed = parse(ListChangeSchema, raw);
      if (!parsed.ok) return ack?.({ ok: false, error: { code: 'invalid-payload', message: parsed.error } });
      const { list, op, address: other } = parsed.value;
      const set = new Set(user.lists[list]);
      if (op === 'add') set.add(other);
      else set.delete(other);
      user.lists[list] = [...set];
      if (list === 'block' && op === 'add' && watchers.has(address, other)) void endSubscription(address, other);
      hub.tell(address, 'profile', profileOf(user));
      ack?.({ ok: true });
    });
    socket.on('settings:set', (_raw, ack) => ack?.({ ok: false, error: { code: 'not-allowed', message: 'Provider users have no Allow/Block/Prompt settings: the provider accepts for them.' } }));
    socket.on('prompt:answer', (_raw, ack) => ack?.({ ok: false, error: { code: 'not-found', message: 'Provider users are never prompted.' } }));
    const welcome: Welcome = { profile: profileOf(user), presence: { state: 'available', note: user.presence.note }, prompts: [] };
    socket.emit('welcome', welcome);
    setPresence(address, welcome.presence);
  }

  /** A request from one of our users: to a colleague here, or out over the federation link with our assertion. */
  async function send(request: FedRequest): Promise<Answer> {
    const answer = isLocal(request.to) ? await deliverLocally(request) : await link.send(withAssertion(request));
    traces.record(request.id, ...(answer.trail ?? []));
    return settleOwnRequest(request, answer, { following, watchers, sessions });
  }

  /** The provider's own, simpler rules for its own user (POLICY.md outbound rule 3), then delivery. */
  async function deliverLocally(request: FedRequest): Promise<Answer> {
    const user = users.get(request.to);
    const inSession = 'sessionId' in request.body && request.kind !== 'invite';
    if (user && inSession && !sessions.joins((request.body as { sessionId: string }).sessionId, request.from, request.to)) {
      return finish(request, answerFor(request.id, 'not-in-session', 'provider', { trail: [decision('provider', id, 'session', 'not-in-session', { sessionId: (request.body as { sessionId: string }).sessionId }, 'No such open session.')] }));
    }
    if (user && request.kind === 'notify') {
      if (!following.has(request.from, request.to)) {
        return finish(request, answerFor(request.id, 'not-subscribed', 'provider', { trail: [decision('provider', id, 'subscription', 'not-subscribed', { watcher: request.to, target: request.from }, `${request.to} has not subscribed to ${request.from}.`)] }));
      }
      if (request.body.subscription === 'terminated') following.remove(request.from, request.to);
    }
    const verdict = decideAtProvider({ kind: request.kind, recipient: user && { online: hub.isOnline(user.address), blockedSender: user.lists.block.includes(request.from) } });
    const trail = decisionsOf(verdict, 'provider', id);
    if (verdict.outcome !== 'final') throw new Error('provider rules always decide');
    if (verdict.reason !== 'accepted-by-provider' && verdict.reason !== 'delivered') {
      if (request.kind === 'message' || request.kind === 'typing') sessions.close(request.body.sessionId);
      return finish(request, answerFor(request.id, verdict.reason, 'provider', { trail }));
    }
    switch (request.kind) {
      case 'subscribe':
        watchers.add(request.to, request.from);
        return finish(request, answerFor(request.id, 'accepted-by-provider', 'provider', { trail, presence: user!.presence }));
      case 'unsubscribe':
        watchers.remove(request.to, request.from);
        return finish(request, answerFor(request.id, 'delivered', 'provider', { trail }));
      case 'bye':
        sessions.close(request.body.sessionId);
        void hub.deliver(request.to, request);
        return finish(request, answerFor(request.id, 'delivered', 'provider', { trail }));
      default: {
        const answer = await hub.deliver(request.to, request);
        if (request.kind === 'invite' && answer.code === 200) sessions.open(request.body.sessionId, request.from, request.to);
        return finish(request, { ...answer, trail: [...trail, ...(answer.trail ?? [])] });
      }
    }
  }

  /** The level we assert for our user on what leaves us (unless this provider asserts nothing). */
  function withAssertion(request: FedRequest): FedRequest {
    const user = users.get(request.from);
    if (!user || config.assertsVerification === false) return request;
    return { ...request, asserted: user.verified ? 'verified' : 'unverified' };
  }

  function finish(request: FedRequest, answer: Answer): Answer {
    traces.record(request.id, ...(answer.trail ?? []));
    return answer;
  }

  function setPresence(address: Address, presence: Presence): void {
    const user = users.get(address);
    if (!user) return;
    user.presence = presence;
    for (const watcher of watchers.of(address)) {
      void send({ id: newId(), kind: 'notify', from: address, to: watcher, sentAt: Date.now(), body: { presence, subscription: 'active' } } as FedRequest);
    }
  }

  async function endSubscription(target: Address, watcher: Address): Promise<void> {
    watchers.remove(target, watcher);
    await send({ id: newId(), kind: 'notify', from: target, to: watcher, sentAt: Date.now(), body: { presence: OFFLINE, subscription: 'terminated' } } as FedRequest);
  }

  return {
    id,
    listen: (port = config.port, host = '127.0.0.1') => http.listen(port, host),
    async close() {
      hub.disconnectAll();
      link.detach();
      await http.close();
    },
    get linkConnected() {
      return link.connected;
    },
    sendRaw: (request) => link.send(request),
    async dropFederationLink() {
      federation.disconnectSockets(true);
    },
    trace: (requestId) => traces.get(requestId),
  };
}

function fromTopology(u: TopologyProviderUser): ProviderUser {
  return { address: u.address, displayName: u.displayName, verified: u.verified, presence: OFFLINE, lists: { allow: [...(u.contacts ?? [])], block: [...(u.block ?? [])] } };
}
