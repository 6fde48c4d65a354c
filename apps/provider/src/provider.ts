import type { Address, Answer, FedRequest, Profile, UserLists } from '@fedlab/protocol';
import { domainOf } from '@fedlab/protocol';
import { decideAtProvider } from '@fedlab/policy';
import { ProviderUserSchema, type TopologyProvider, type TopologyProviderUser } from '@fedlab/topology';
import {
  DEFAULT_TIMEOUT_MS, PasswordBook, PeopleServer, RequestLink, Store, acceptEdge, createHttp, deadlines, requireAdminToken,
  type HttpServer, type OriginPolicy, type PeopleLimits, type Person, type PersonSeed, type Realm, type SignInLimits, type TraceLog,
} from '@fedlab/server';

export interface ProviderOptions {
  provider: TopologyProvider;
  /** How long to wait for the edge or a client before answering 408. */
  timeoutMs?: number;
  /** SQLite file of the provider's users, lists, notes and subscriptions; `:memory:` (the default) keeps nothing. */
  database?: string;
  /** Requests a user may send: a burst, then so many a second (429 past it). */
  rateLimit?: { perSecond: number; burst: number };
  /** Commands a user may send: a burst, then so many a second (`rate-limited` past it). */
  commandRateLimit?: { perSecond: number; burst: number };
  /** Bounds of lists, sessions, subscriptions; the idle time of a session. */
  limits?: Partial<PeopleLimits>;
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

/** What a provider keeps of its user besides her name, note and lists (contacts and Block list). */
interface ProviderData {
  verified: boolean;
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

const seedOf = (u: TopologyProviderUser): PersonSeed<ProviderData> => ({
  address: u.address, displayName: u.displayName, data: { verified: u.verified }, lists: { allow: u.contacts ?? [], block: u.block ?? [] },
});

/**
 * A mock public IM provider (MSN, Yahoo!, AOL) or a federated partner: its own users sign in (the server people
 * sign in to is `PeopleServer`, as at the home server) and talk among themselves; traffic for other domains
 * goes over the federation link the edge opens to the provider's Access Edge address (namespace /federation).
 * It applies its own simple rules to its own users (POLICY.md outbound rule 3), asserts each user's
 * verification level on what leaves it, and keeps its users' lists, notes and subscriptions in SQLite.
 */
export async function buildProvider(options: ProviderOptions): Promise<ProviderServer> {
  const config = options.provider;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);
  const id = config.id;
  const deadline = deadlines(timeoutMs);
  const store = new Store(options.database ?? ':memory:');
  const isLocal = (address: Address) => config.domains.includes(domainOf(address));

  // Run-time users' own passwords are kept (salted hashes) beside their lists, so both survive a restart.
  const passwords = await PasswordBook.create(options.password, config.users, store);
  const http = await createHttp({ name: `provider:${id}`, node: id, ...(options.origins ? { origins: options.origins } : {}), health: () => ({ provider: id, federationLink: link.connected, online: people.hub.online().length }) });
  http.app.get('/directory', async () => ({
    provider: { id, name: config.name, domains: config.domains, public: config.public },
    users: people.people.all().map((u) => ({ address: u.address, displayName: u.displayName, verified: u.data.verified, online: people.isOnline(u.address) })),
  }));

  const link = new RequestLink({
    hop: 'provider', node: id, name: 'edge', timeoutMs: deadline.origin, unreachable: 'edge-unreachable', log, security: http.security,
    onRequest: (r) => people.receive(r),
    onDialogsEnd: (notice) => people.endDialogs(notice),
  });
  const federation = registerFederation(http, config, link, { secret: options.linkSecret, timeoutMs, log });

  const realm: Realm<ProviderData> = {
    isLocal,
    decide: (request, recipient) => decideAtProvider({ kind: request.kind, recipient: recipient && { online: recipient.online, blockedSender: recipient.lists.block.includes(request.from) } }),
    sendOut: (request) => link.send(withAssertion(request)),
    profileOf: (u: Person<ProviderData>, lists: UserLists): Profile => ({ address: u.address, displayName: u.displayName, kind: 'provider', provider: config.name, lists }),
    settings: () => ({ ok: false, error: { code: 'not-allowed', message: 'Provider users have no Allow/Block/Prompt settings: the provider accepts for them.' } }),
    answerPrompt: () => ({ ok: false, error: { code: 'not-found', message: 'Provider users are never prompted.' } }),
  };
  const people = new PeopleServer<ProviderData>({
    hop: 'provider', node: id, namespace: http.io.of('/') as never, store, realm, log, seed: config.users.map(seedOf), clientTimeoutMs: deadline.client,
    passwords, security: http.security,
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.commandRateLimit ? { commandRateLimit: options.commandRateLimit } : {}),
  });

  /** The level we assert for our user on what leaves us (unless this provider asserts nothing). */
  function withAssertion(request: FedRequest): FedRequest {
    const user = people.people.get(request.from);
    if (!user || config.assertsVerification === false) return request;
    return { ...request, asserted: user.data.verified ? 'verified' : 'unverified' };
  }

  if (options.adminToken) {
    // The token is checked first, on request: a caller without it learns nothing, not even what a valid body is.
    const admin = { onRequest: requireAdminToken(options.adminToken, http.security) };
    http.app.post('/api/users', { ...admin, schema: { body: ProviderUserSchema } }, async (request, reply) => {
      const body = request.body as TopologyProviderUser;
      if (!isLocal(body.address)) return reply.status(400).send({ error: 'invalid-payload', message: `${body.address} is not in a domain of ${config.name} (${config.domains.join(', ')}).` });
      if (!people.people.create(seedOf(body))) return reply.status(409).send({ error: 'conflict', message: `${body.address} already exists.` });
      if (body.password !== undefined) await people.setPassword(body.address, body.password);
      return reply.status(201).send({ address: body.address });
    });
    http.app.delete('/api/users/:address', admin, async (request, reply) => {
      const { address } = request.params as { address: string };
      if (config.users.some((u) => u.address === address)) {
        return reply.status(409).send({ error: 'conflict', message: `${address} is a user of the topology; only users created at run time can be deleted.` });
      }
      if (people.deleteUser(address) === undefined) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
      return reply.status(204).send();
    });
    http.app.post('/api/reset', admin, async () => {
      people.reset();
      link.forget();
      return { reset: true };
    });
    http.app.get('/api/security', admin, async () => http.security.list());
  }

  return {
    id,
    listen: (port = config.port, host = '127.0.0.1') => http.listen(port, host),
    async close() {
      people.close();
      link.detach();
      await http.close();
      store.close();
    },
    get linkConnected() {
      return link.connected;
    },
    sendRaw: (request) => link.send(request),
    async dropFederationLink() {
      federation.disconnectSockets(true);
    },
    trace: (requestId) => people.traces.get(requestId),
  };
}

/**
 * The provider's Access Edge address: namespace `/federation`, where the organization's edge dials in. The peer
 * must complete the link handshake (packages/server/src/link-auth.ts): it proves it dialed this provider's FQDN
 * and port and holds the link secret, after this provider proved the same; the last socket that did is the
 * provider's link to the edge. Peers that fail are recorded as security events.
 */
function registerFederation(http: HttpServer, config: TopologyProvider, link: RequestLink, options: { secret: string; timeoutMs: number; log: (line: string) => void }) {
  const federation = http.io.of('/federation');
  acceptEdge(federation, {
    name: config.name, fqdn: config.fqdn, domains: config.domains, secret: options.secret, security: http.security, timeoutMs: options.timeoutMs, log: options.log,
    port: () => (http.app.server.address() as { port: number }).port,
    onEdge: (socket) => link.attach(socket as never),
  });
  return federation;
}
