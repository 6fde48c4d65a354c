import { Type } from '@sinclair/typebox';
import { io as dial, type Socket as ClientSide } from 'socket.io-client';
import type { Address, Answer, CommandResult, FedRequest, HopDecision, InternalLinkEvents, PromptAnswer, SettingsChange } from '@fedlab/protocol';
import { answerFor, domainOf } from '@fedlab/protocol';
import { decideInboundAtHome, decideInternal } from '@fedlab/policy';
import type { Topology } from '@fedlab/topology';
import {
  DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, Guard, PasswordBook, PeopleServer, RequestLink, Store, createHttp, deadlines, decision,
  type OriginPolicy, type PeopleLimits, type Realm, type SignInLimits,
} from '@fedlab/server';
import { tellEdgeOnline } from './admin-notices.ts';
import { registerHomeRoutes } from './admin-routes.ts';
import { reportToEdge } from './edge-reports.ts';
import { Prompts } from './prompts.ts';
import { migrateStoredUsers, profileOf, seedOf, type HomeData } from './users.ts';

/** A request id asked about by `trace:get`. */
const TraceIdSchema = Type.String({ maxLength: 64 });

export interface HomeOptions {
  topology: Pick<Topology, 'organization'>;
  /** Where the edge listens, e.g. http://127.0.0.1:7200 (namespace /internal is added). */
  edgeUrl: string;
  /** Shared secret of the home↔edge link. */
  internalToken: string;
  /** Bearer token of the admin REST routes. */
  adminToken: string;
  /** The sign-in password of every user who has none of their own (topology, admin). */
  password: string;
  /** Browser origins allowed to sign in and call the REST API (docs/security.md); none: no browser page. */
  origins?: OriginPolicy;
  /** Failed sign-ins allowed per address and per source in a window. */
  signInLimits?: Partial<SignInLimits>;
  /** SQLite file, or ':memory:' for tests. */
  database: string;
  timeoutMs?: number;
  /** Requests a user may send: a burst, then so many a second (429 past it). */
  rateLimit?: { perSecond: number; burst: number };
  /** Commands a user may send: a burst, then so many a second (`rate-limited` past it). */
  commandRateLimit?: { perSecond: number; burst: number };
  /** Bounds of lists, sessions, subscriptions, prompts; the idle time of a session. */
  limits?: Partial<PeopleLimits>;
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
 * subscriptions and prompts, IM sessions. The server people sign in to is `PeopleServer`; the home server brings
 * its rules (POLICY.md's rules 5–8 for what comes from the edge, the rules between colleagues), its prompts and
 * its way out: traffic for outside domains goes to the edge over the internal link, with the sender's enablement.
 */
export async function buildHome(options: HomeOptions): Promise<HomeServer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);
  const orgDomains = options.topology.organization.domains;
  const deadline = deadlines(timeoutMs);
  const store = new Store(options.database);
  migrateStoredUsers(store);
  const isInternal = (address: Address) => orgDomains.includes(domainOf(address));

  const passwords = await PasswordBook.create(options.password, options.topology.organization.users, store);
  const http = await createHttp({
    name: 'home',
    ...(options.origins ? { origins: options.origins } : {}),
    health: () => ({ edgeLink: edgeLink.connected, online: people.hub.online().length }),
    openapi: { title: 'fedlab home server', description: 'Internal users and their per-user enablement.' },
  });

  // --- the link to the edge ---
  const edgeLink = new RequestLink({
    hop: 'home', node: 'home', name: 'edge', timeoutMs: deadline.origin, unreachable: 'edge-unreachable', log, security: http.security,
    onRequest: (r) => fromEdge(r),
    onDialogsEnd: (notice) => people.endDialogs(notice),
  });
  const edgeSocket: ClientSide<InternalLinkEvents, InternalLinkEvents> = dial(`${options.edgeUrl}/internal`, { auth: { token: options.internalToken }, reconnectionDelay: 100, reconnectionDelayMax: 1000, transports: ['websocket'] });
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
  const reports = reportToEdge(store, edgeSocket as never, http.security);
  const linkGuard = new Guard('home /internal', log, { log: http.security, source: 'link:edge' });
  edgeSocket.on('trace:get', linkGuard.handler({ event: 'trace:get', schema: TraceIdSchema, refuse: (): HopDecision[] => [] }, (requestId) => people.traces.get(requestId)) as never);

  // --- the people: the home server's rules, prompts and way out ---
  let people!: PeopleServer<HomeData>;
  const prompts = new Prompts(store, { ...DEFAULT_LIMITS, ...options.limits }.maxPromptsPerUser);
  const realm: Realm<HomeData> = {
    isLocal: isInternal,
    decide: (request, recipient, origin) => origin === 'local'
      ? decideInternal({ kind: request.kind, from: request.from, recipient: recipient && { lists: recipient.lists, online: recipient.online } })
      : decideInboundAtHome({
        kind: request.kind, from: request.from, network: request.stamp!.network, verification: request.stamp!.verification,
        recipient: recipient && { enablement: recipient.person.data.enablement, lists: recipient.lists, settings: recipient.person.data.settings, online: recipient.online },
      }),
    // The sender's enablement is read now, as the request leaves: the edge decides outbound rule 1 with it.
    sendOut: (request) => edgeLink.send({ ...request, senderEnablement: { ...people.people.get(request.from)!.data.enablement } }),
    profileOf,
    pending(request, recipient) {
      const opened = prompts.open(recipient.address, { from: request.from, ...(request.stamp ? { provider: request.stamp.provider } : {}), verification: request.stamp?.verification ?? 'verified', requestId: request.id });
      if (opened === 'full') return 'prompt-limit';
      if (opened.isNew) people.hub.tell(recipient.address, 'prompt', opened.prompt);
      return undefined;
    },
    promptsOf: (address) => prompts.for(address),
    settings(address, change: SettingsChange): CommandResult {
      const user = people.people.update(address, (u) => Object.assign(u.data.settings, change))!;
      people.tellDelta(address, { settings: { ...user.data.settings } });
      return { ok: true };
    },
    answerPrompt(address, answer: PromptAnswer): CommandResult {
      const prompt = prompts.settle(address, answer.promptId);
      if (!prompt) return { ok: false, error: { code: 'not-found', message: 'No such prompt is waiting for you.' } };
      settlePrompt(address, prompt.from, prompt.requestId, answer.decision);
      return { ok: true };
    },
  };
  people = new PeopleServer<HomeData>({
    hop: 'home', node: 'home', namespace: http.io.of('/') as never, store, realm, log, passwords, security: http.security,
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
    onOnline: (address, online) => tellEdgeOnline(edgeSocket as never, address, online),
    seed: options.topology.organization.users.map(seedOf),
    clientTimeoutMs: deadline.client,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.commandRateLimit ? { commandRateLimit: options.commandRateLimit } : {}),
  });

  /**
   * The recipient answered a prompt: the answer is recorded in the subscription's trace (as the client's), the
   * sender goes on the Allow or the Block list, and the sender becomes a watcher. Allow: the sender sees her
   * presence. Block: the sender is a muted watcher and sees her offline, as a sign-out shows it (rule 9).
   */
  function settlePrompt(address: Address, from: Address, requestId: string, choice: 'allow' | 'block'): void {
    people.record(requestId, decision('client', `client:${address}`, 'inbound.8-subscription', choice === 'allow' ? 'accepted-by-prompt' : 'blocked-by-prompt',
      { decision: choice }, `The recipient answered the prompt: ${choice === 'allow' ? 'Allow' : 'Block'}.`));
    people.watch(address, from);
    if (choice === 'allow') {
      people.putOnList(address, 'allow', 'add', from);
      people.showPresence(address, from);
      return;
    }
    people.putOnList(address, 'block', 'add', from);
    people.putOnList(address, 'allow', 'remove', from);
    people.blockCut(address, from);
  }

  /** A request from outside, stamped by the edge: rules 5–8, then the person. */
  async function fromEdge(request: FedRequest): Promise<Answer> {
    if (!request.stamp) {
      const refused = decision('home', 'home', 'contract', 'malformed', { stamp: null }, 'An inbound request must carry the edge stamp.');
      people.record(request.id, refused);
      return answerFor(request.id, 'malformed', 'home', { trail: [refused] });
    }
    return people.receive(request);
  }

  registerHomeRoutes(http, {
    adminToken: options.adminToken, organization: options.topology.organization, people, prompts, store, isInternal,
    usersChanged: reports.usersChanged,
    userDeleted: reports.userDeleted,
    forgetAnswered: () => edgeLink.forget(),
  });

  return {
    listen: (port = 0, host = '127.0.0.1') => http.listen(port, host),
    async close() {
      closing = true;
      clearTimeout(retry);
      reports.close();
      people.close();
      edgeSocket.disconnect();
      edgeLink.detach();
      await http.close();
      store.close();
    },
    get edgeLinkConnected() {
      return edgeLink.connected;
    },
    edgeLinkReady: () => (edgeLink.connected ? Promise.resolve() : new Promise<void>((resolve) => readyWaiters.push(resolve))),
    trace: (requestId) => people.traces.get(requestId),
  };
}
