import { io as dial, type Socket as ClientSide } from 'socket.io-client';
import { Type } from '@sinclair/typebox';
import type { Address, Answer, FedRequest, HopDecision, InternalLinkEvents, Presence, UsersChanged, Welcome } from '@fedlab/protocol';
import {
  ADMIN_ACTOR_HEADER, AddressSchema, BulkEnablementSchema, ClientRequestSchema, ListChangeSchema, OFFLINE, PresenceSchema, PromptAnswerSchema,
  REASONS, SettingsChangeSchema, UserEnablementPatchSchema, actorOf, answerFor, dialogEnds, domainOf, newId, parse, toSenderForm,
} from '@fedlab/protocol';
import { decideInboundAtHome, decideInternal, type Verdict } from '@fedlab/policy';
import { InternalUserSchema, type Topology, type TopologyInternalUser } from '@fedlab/topology';
import {
  ClientHub, DEFAULT_RATE_LIMIT, deadlines, settleOwnRequest, RateLimiter, RequestLink, Sessions, Store, TraceLog, Watchers, createHttp, decision, decisionsOf, requireAdminToken, type ClientSocket, DEFAULT_TIMEOUT_MS
} from '@fedlab/server';
import { Directory, type InternalUser } from './directory.ts';
import { Prompts } from './prompts.ts';
import { tellEdgeOnline } from './admin-notices.ts';

export interface HomeOptions {
  topology: Pick<Topology, 'organization'>;
  /** Where the edge listens, e.g. http://127.0.0.1:7200 (namespace /internal is added). */
  edgeUrl: string;
  /** Shared secret of the home↔edge link. */
  internalToken: string;
  /** Bearer token of the admin REST routes. */
  adminToken: string;
  /** SQLite file, or ':memory:' for tests. */
  database: string;
  timeoutMs?: number;
  /** Requests a user may send: a burst, then so many a second (429 past it). */
  rateLimit?: { perSecond: number; burst: number };
  log?: (line: string) => void;
}

export interface HomeServer {
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly edgeLinkConnected: boolean;
  /** Resolves once the link to the edge is up (tests wait on this, never on time). */
  edgeLinkReady(): Promise<void>;
  trace(requestId: string): HopDecision[];
}

/**
 * The organization's home pool: internal users, their lists and settings, per-user enablement, presence with
 * subscriptions and prompts, IM sessions. Traffic for outside domains goes to the edge over the internal link;
 * traffic from outside arrives from the edge already stamped, and is decided here by rules 5–8.
 */
export async function buildHome(options: HomeOptions): Promise<HomeServer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);
  const orgDomains = options.topology.organization.domains;
  const store = new Store(options.database);
  const directory = new Directory(store, options.topology.organization.users);
  const prompts = new Prompts(store);
  const watchers = new Watchers(store);
  /** The subscriptions our users asked for: a presence update is taken only on one of them. */
  const following = new Watchers(store, 'following');
  const deadline = deadlines(timeoutMs);
  const sessions = new Sessions();
  const traces = new TraceLog();
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const presence = new Map<Address, Presence>();
  const isInternal = (address: Address) => orgDomains.includes(domainOf(address));
  const presenceOf = (address: Address) => presence.get(address) ?? OFFLINE;

  const http = await createHttp({
    name: 'home',
    health: () => ({ edgeLink: edgeLink.connected, online: hub.online().length }),
    openapi: { title: 'fedlab home server', description: 'Internal users and their per-user enablement.' },
  });

  // --- the link to the edge ---
  const edgeLink = new RequestLink({ hop: 'home', node: 'home', name: 'edge', timeoutMs: deadline.origin, unreachable: 'edge-unreachable', onRequest: (r) => fromEdge(r), log });
  const edgeSocket: ClientSide = dial(`${options.edgeUrl}/internal`, { auth: { token: options.internalToken }, reconnectionDelay: 100, reconnectionDelayMax: 1000, transports: ['websocket'] });
  const readyWaiters: (() => void)[] = [];
  edgeSocket.on('connect', () => {
    edgeLink.attach(edgeSocket as never);
    readyWaiters.splice(0).forEach((resolve) => resolve());
    log('internal link to the edge is up');
  });
  // socket.io does not retry by itself after the server cut the link or refused it (a `down` fault): we do.
  let closing = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const redial = () => {
    if (closing || edgeSocket.active) return;
    clearTimeout(retry);
    retry = setTimeout(() => !closing && edgeSocket.connect(), 200);
  };
  edgeSocket.on('disconnect', (reason) => {
    log(`internal link to the edge is down (${reason})`);
    if (reason === 'io server disconnect') redial();
  });
  edgeSocket.on('connect_error', () => redial());
  (edgeSocket as unknown as ClientSide<InternalLinkEvents>).on('trace:get', (requestId, ack) => {
    if (typeof ack === 'function') ack(typeof requestId === 'string' ? traces.get(requestId) : []);
  });

  // --- clients ---
  const hub = new ClientHub(http.io.of('/') as never, {
    hop: 'home', node: 'home', timeoutMs: deadline.client, exists: (a) => !!directory.get(a),
    onSignIn: (address, socket) => {
      signIn(address, socket);
      tellEdgeOnline(edgeSocket, address, true);
    },
    onSignOut: (address) => {
      setPresence(address, OFFLINE);
      tellEdgeOnline(edgeSocket, address, false);
    },
  });

  function signIn(address: Address, socket: ClientSocket): void {
    const fail = (ack: unknown, message: string) => (ack as (r: unknown) => void)?.({ ok: false, error: { code: 'invalid-payload', message } });
    socket.on('request', async (raw, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = parse(ClientRequestSchema, raw);
      if (!parsed.ok) return ack(answerFor(String((raw as { id?: unknown })?.id ?? 'unknown'), 'malformed', 'home'));
      if (!limiter.take(address)) return ack(answerFor(parsed.value.id, 'rate-limited', 'home'));
      ack(toSenderForm(await send({ ...parsed.value, from: address, sentAt: Date.now() } as FedRequest)));
    });
    socket.on('presence:set', (raw, ack) => {
      const parsed = parse(PresenceSchema, raw);
      if (!parsed.ok) return fail(ack, parsed.error);
      directory.update(address, (u) => (u.note = parsed.value.note));
      setPresence(address, parsed.value as Presence);
      ack?.({ ok: true });
    });
    socket.on('list:change', (raw, ack) => {
      const parsed = parse(ListChangeSchema, raw);
      if (!parsed.ok) return fail(ack, parsed.error);
      const { list, op, address: other } = parsed.value;
      const user = directory.update(address, (u) => {
        const set = new Set(u.lists[list]);
        if (op === 'add') set.add(other);
        else set.delete(other);
        u.lists[list] = [...set];
      })!;
      // A blocked watcher sees the user offline at once: the subscription ends.
      if (list === 'block' && op === 'add' && watchers.has(address, other)) void endSubscription(address, other);
      hub.tell(address, 'profile', directory.profileOf(user));
      ack?.({ ok: true });
    });
    socket.on('settings:set', (raw, ack) => {
      const parsed = parse(SettingsChangeSchema, raw);
      if (!parsed.ok) return fail(ack, parsed.error);
      const user = directory.update(address, (u) => Object.assign(u.settings, parsed.value))!;
      hub.tell(address, 'profile', directory.profileOf(user));
      ack?.({ ok: true });
    });
    socket.on('prompt:answer', (raw, ack) => {
      const parsed = parse(PromptAnswerSchema, raw);
      if (!parsed.ok) return fail(ack, parsed.error);
      const prompt = prompts.settle(address, parsed.value.promptId);
      if (!prompt) return ack?.({ ok: false, error: { code: 'not-found', message: 'No such prompt is waiting for you.' } });
      settlePrompt(address, prompt.from, prompt.requestId, parsed.value.decision);
      ack?.({ ok: true });
    });
    const user = directory.get(address)!;
    const welcome: Welcome = { profile: directory.profileOf(user), presence: { state: 'available', note: user.note }, prompts: prompts.for(address) };
    socket.emit('welcome', welcome);
    setPresence(address, welcome.presence);
  }

  function settlePrompt(address: Address, from: Address, requestId: string, choice: 'allow' | 'block'): void {
    const list = choice === 'allow' ? 'allow' : 'block';
    const user = directory.update(address, (u) => {
      u.lists[list] = [...new Set([...u.lists[list], from])];
      if (choice === 'block') u.lists.allow = u.lists.allow.filter((a) => a !== from);
    })!;
    traces.record(requestId, decision('client', `client:${address}`, 'inbound.8-subscription', choice === 'allow' ? 'accepted-by-prompt' : 'blocked-by-prompt',
      { decision: choice }, `The recipient answered the prompt: ${choice === 'allow' ? 'Allow' : 'Block'}.`));
    hub.tell(address, 'profile', directory.profileOf(user));
    if (choice === 'allow') {
      watchers.add(address, from);
      void send(notify(address, from, presenceOf(address), 'active'));
    } else {
      void send(notify(address, from, OFFLINE, 'terminated'));
    }
  }

  // --- requests ---

  /** A request from one of our users: to a colleague, or out through the edge with the sender's enablement. */
  async function send(request: FedRequest): Promise<Answer> {
    let answer: Answer;
    if (isInternal(request.to)) answer = await decideAndDeliver(request, decideInternalFor(request));
    else answer = await edgeLink.send({ ...request, senderEnablement: { ...directory.get(request.from)!.enablement } });
    traces.record(request.id, ...(answer.trail ?? []));
    return settleOwnRequest(request, answer, { following, watchers, sessions });
  }

  /** A request from outside, stamped by the edge: rules 5–8. */
  async function fromEdge(request: FedRequest): Promise<Answer> {
    const stamp = request.stamp;
    if (!stamp) return record(request, answerFor(request.id, 'malformed', 'home', { trail: [decision('home', 'home', 'contract', 'malformed', { stamp: null }, 'An inbound request must carry the edge stamp.')] }));
    const user = directory.get(request.to);
    const verdict = decideInboundAtHome({
      kind: request.kind, from: request.from, network: stamp.network, verification: stamp.verification,
      recipient: user && { enablement: user.enablement, lists: user.lists, settings: user.settings, online: hub.isOnline(user.address) },
    });
    return decideAndDeliver(request, verdict);
  }

  function decideInternalFor(request: FedRequest): Verdict {
    const user = directory.get(request.to);
    return decideInternal({ kind: request.kind, from: request.from, recipient: user && { lists: user.lists, online: hub.isOnline(user.address) } });
  }

  /** Acts on the verdict for a request addressed to one of our users. */
  async function decideAndDeliver(request: FedRequest, verdict: Verdict): Promise<Answer> {
    const to = request.to;
    const trail = decisionsOf(verdict, 'home', 'home');
    const sessionId = 'sessionId' in request.body ? request.body.sessionId : undefined;
    if (sessionId && request.kind !== 'invite' && directory.get(to) && !sessions.joins(sessionId, request.from, to)) {
      return record(request, answerFor(request.id, 'not-in-session', 'home', { trail: [...trail, decision('home', 'home', 'session', 'not-in-session', { sessionId }, 'No such open session.')] }));
    }
    if (request.kind === 'notify' && directory.get(to) && !following.has(request.from, to)) {
      return record(request, answerFor(request.id, 'not-subscribed', 'home', { trail: [...trail, decision('home', 'home', 'subscription', 'not-subscribed', { watcher: to, target: request.from }, `${to} has not subscribed to ${request.from}.`)] }));
    }
    if (request.kind === 'notify' && request.body.subscription === 'terminated') following.remove(request.from, to);
    if (verdict.outcome === 'final') {
      const reason = verdict.reason;
      if (request.kind === 'subscribe' && (reason === 'accepted-on-allow-list' || reason === 'accepted-by-setting' || reason === 'accepted-internal')) {
        watchers.add(to, request.from);
        return record(request, answerFor(request.id, reason, 'home', { trail, presence: presenceOf(to) }));
      }
      if (reason === 'pending-prompt') {
        const { prompt, isNew } = prompts.open(to, { from: request.from, provider: request.stamp?.provider, verification: request.stamp?.verification ?? 'verified', requestId: request.id });
        if (isNew) hub.tell(to, 'prompt', prompt);
        return record(request, answerFor(request.id, reason, 'home', { trail }));
      }
      if (sessionId && dialogEnds(request.kind, REASONS[reason].code)) endSessionLocally(sessionId, to, request.from);
      return record(request, answerFor(request.id, reason, 'home', { trail }));
    }
    switch (request.kind) {
      case 'unsubscribe':
        watchers.remove(to, request.from);
        return record(request, answerFor(request.id, 'delivered', 'home', { trail }));
      case 'bye':
        sessions.close(request.body.sessionId);
        void hub.deliver(to, request);
        return record(request, answerFor(request.id, 'delivered', 'home', { trail }));
      default: {
        const answer = await hub.deliver(to, request);
        if (request.kind === 'invite' && answer.code === 200) sessions.open(request.body.sessionId, request.from, to);
        return record(request, { ...answer, trail: [...trail, ...(answer.trail ?? [])] });
      }
    }
  }

  /** Ends a session on our side because a request in it was rejected: our user's client is told. */
  function endSessionLocally(sessionId: string, local: Address, peer: Address): void {
    if (!sessions.joins(sessionId, local, peer)) return;
    sessions.close(sessionId);
    void hub.deliver(local, { id: newId(), kind: 'bye', from: peer, to: local, sentAt: Date.now(), body: { sessionId } } as FedRequest);
  }

  function record(request: FedRequest, answer: Answer): Answer {
    traces.record(request.id, ...(answer.trail ?? []));
    return answer;
  }

  function notify(from: Address, to: Address, p: Presence, subscription: 'active' | 'terminated'): FedRequest {
    return { id: newId(), kind: 'notify', from, to, sentAt: Date.now(), body: { presence: p, subscription } } as FedRequest;
  }

  function setPresence(address: Address, p: Presence): void {
    presence.set(address, p);
    for (const watcher of watchers.of(address)) void send(notify(address, watcher, p, 'active'));
  }

  async function endSubscription(target: Address, watcher: Address): Promise<void> {
    watchers.remove(target, watcher);
    await send(notify(target, watcher, OFFLINE, 'terminated'));
  }

  // --- admin REST ---
  // The token is checked first, on request: a caller without it learns nothing, not even what a valid body is.
  const admin = { onRequest: requireAdminToken(options.adminToken) };
  const summary = (u: InternalUser) => ({ address: u.address, displayName: u.displayName, enablement: u.enablement, online: hub.isOnline(u.address) });
  const AddressParams = Type.Object({ address: AddressSchema });
  http.app.get('/directory', async () => ({ organization: options.topology.organization.name, domains: orgDomains, users: directory.all().map((u) => ({ address: u.address, displayName: u.displayName, online: hub.isOnline(u.address) })) }));
  /**
   * Sets enablement for existing users in one transaction, tells their clients, and tells the edge, which
   * keeps the audit log and refreshes every admin page.
   */
  function changeEnablement(addresses: string[], enablement: Partial<InternalUser['enablement']>, actor: string) {
    const changes: UsersChanged['changes'] = [];
    const summaries = store.transaction(() => addresses.filter((a) => directory.get(a)).map((a) => {
      const before = { ...directory.get(a)!.enablement };
      const user = directory.update(a, (u) => Object.assign(u.enablement, enablement))!;
      changes.push({ address: a, before, after: { ...user.enablement } });
      hub.tell(a, 'profile', directory.profileOf(user));
      return summary(user);
    }));
    if (changes.length) (edgeSocket as unknown as ClientSide<InternalLinkEvents>).emit('users:changed', { changes, actor });
    return summaries;
  }

  http.app.get('/api/users', { ...admin, schema: { tags: ['users'], security: [{ admin: [] }], querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request) => {
    const q = ((request.query as { q?: string }).q ?? '').toLowerCase();
    return directory.all().filter((u) => !q || u.address.includes(q) || u.displayName.toLowerCase().includes(q)).map(summary);
  });
  http.app.patch('/api/users/:address/enablement', { ...admin, schema: { tags: ['users'], security: [{ admin: [] }], params: AddressParams, body: UserEnablementPatchSchema } }, async (request, reply) => {
    const { address } = request.params as { address: string };
    const [changed] = changeEnablement([address], request.body as Partial<InternalUser['enablement']>, actorOf(request.headers[ADMIN_ACTOR_HEADER]));
    if (!changed) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
    return changed;
  });
  http.app.post('/api/users/enablement', { ...admin, schema: { tags: ['users'], security: [{ admin: [] }], body: BulkEnablementSchema } }, async (request, reply) => {
    const { addresses, enablement } = request.body as { addresses: string[]; enablement: Partial<InternalUser['enablement']> };
    const unknown = addresses.filter((a) => !directory.get(a));
    if (unknown.length) return reply.status(404).send({ error: 'not-found', message: `No such users: ${unknown.join(', ')}. Nothing was changed.` });
    return changeEnablement(addresses, enablement, actorOf(request.headers[ADMIN_ACTOR_HEADER]));
  });
  http.app.post('/api/users', { ...admin, schema: { tags: ['users'], security: [{ admin: [] }], body: InternalUserSchema } }, async (request, reply) => {
    const body = request.body as TopologyInternalUser;
    if (!isInternal(body.address)) return reply.status(400).send({ error: 'invalid-payload', message: `${body.address} is not in a domain of the organization (${orgDomains.join(', ')}).` });
    const user = directory.create(body);
    if (!user) return reply.status(409).send({ error: 'conflict', message: `${body.address} already exists.` });
    return reply.status(201).send(summary(user));
  });
  http.app.delete('/api/users/:address', { ...admin, schema: { tags: ['users'], security: [{ admin: [] }], params: AddressParams } }, async (request, reply) => {
    const { address } = request.params as { address: string };
    if (directory.seed.some((u) => u.address === address)) {
      return reply.status(409).send({ error: 'conflict', message: `${address} is a user of the topology; only users created at run time can be deleted.` });
    }
    hub.socketOf(address)?.disconnect(true);
    if (!directory.remove(address)) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
    // Nothing of the user stays behind: a long-lived topology serves many test runs.
    store.transaction(() => {
      prompts.forget(address);
      watchers.forget(address);
      following.forget(address);
    });
    for (const { id } of sessions.of(address)) sessions.close(id);
    presence.delete(address);
    return reply.status(204).send();
  });
  http.app.post('/api/reset', { ...admin, schema: { tags: ['state'], security: [{ admin: [] }] } }, async () => {
    hub.disconnectAll();
    store.transaction(() => {
      directory.reset();
      prompts.clear();
      watchers.clear();
      following.clear();
    });
    edgeLink.forget();
    sessions.clear();
    presence.clear();
    traces.clear();
    return { reset: true };
  });
  http.app.get('/api/traces/:id', { ...admin, schema: { tags: ['traces'], security: [{ admin: [] }], params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const decisions = traces.get(id);
    if (!decisions.length) return reply.status(404).send({ error: 'not-found', message: `The home server recorded nothing for request ${id}.` });
    return decisions;
  });

  return {
    listen: (port = 0, host = '127.0.0.1') => http.listen(port, host),
    async close() {
      closing = true;
      clearTimeout(retry);
      hub.disconnectAll();
      edgeSocket.disconnect();
      edgeLink.detach();
      await http.close();
      store.close();
    },
    get edgeLinkConnected() {
      return edgeLink.connected;
    },
    edgeLinkReady: () => (edgeLink.connected ? Promise.resolve() : new Promise<void>((resolve) => readyWaiters.push(resolve))),
    trace: (requestId) => traces.get(requestId),
  };
}
