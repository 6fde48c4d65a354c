import type { Namespace } from 'socket.io';
import type {
  Address, Answer, ClientToServerEvents, DialogsEnd, DialogsEnded, FedRequest, HopDecision, ProfileDelta, ServerToClientEvents, Welcome,
} from '@fedlab/protocol';
import { OFFLINE, answerFor } from '@fedlab/protocol';
import { ClientHub, type ClientSocket } from '../client-hub.ts';
import { decision } from '../decision.ts';
import { Sessions } from '../dialogs.ts';
import { Guard } from '../guard.ts';
import { settleOwnRequest } from '../own-requests.ts';
import { RateLimiter } from '../rate-limit.ts';
import type { PasswordBook } from '../passwords.ts';
import type { SecurityLog } from '../security-log.ts';
import { SignInGuard, type SignInLimits } from '../sign-in.ts';
import type { Store } from '../store.ts';
import { TraceLog } from '../trace-log.ts';
import { Watchers } from '../watchers.ts';
import { registerClientEvents, setPresence } from './client-commands.ts';
import type { PeopleContext, Realm } from './context.ts';
import { cutBlocked, endEverythingOf, endIdleSessions, endInScope, endSessionsOf } from './endings.ts';
import { DEFAULT_COMMAND_RATE_LIMIT, DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type PeopleLimits } from './limits.ts';
import { deliverHere } from './local-delivery.ts';
import { notify } from './notices.ts';
import { PeopleStore, type Person, type PersonSeed } from './people-store.ts';

export interface PeopleServerOptions<D> {
  hop: 'home' | 'provider';
  /** The node name in traces: `home`, or the provider id. */
  node: string;
  /** The socket.io namespace people sign in on (`/`). */
  namespace: Namespace<ClientToServerEvents, ServerToClientEvents>;
  store: Store;
  seed: PersonSeed<D>[];
  realm: Realm<D>;
  /** Everyone's sign-in password: the deployment's, or a person's own (a run-time user's is forgotten with her). */
  passwords: PasswordBook;
  /** The app's security log (`http.security`): failed sign-ins, and input off the contract that the guard refused. */
  security: SecurityLog;
  /** Failed sign-ins allowed per address and per source in a window. */
  signInLimits?: Partial<SignInLimits>;
  /** How long a client may take to answer a request delivered to it (408 past it). */
  clientTimeoutMs: number;
  limits?: Partial<PeopleLimits>;
  /** Requests a person may send: a burst, then so many a second. */
  rateLimit?: { perSecond: number; burst: number };
  /** Commands a person may send: a burst, then so many a second. */
  commandRateLimit?: { perSecond: number; burst: number };
  /** Told when a person signs in (true) or her last client goes (false): the home server tells the admin pages. */
  onOnline?: (address: Address, online: boolean) => void;
  log?: (line: string) => void;
}

/**
 * The server people sign in to, one for the home server and every provider: sign-in and sign-out, commands on a
 * person's own presence, lists and settings, requests to other people (routed here or out through the edge),
 * the session and subscription checks, presence fan-out, and every way a dialog ends (rules 8 and 9). Each app
 * brings only its rules and its way out (`Realm`); the state (people, lists, notes, subscriptions) is in SQLite.
 */
export class PeopleServer<D> {
  readonly hub: ClientHub;
  readonly people: PeopleStore<D>;
  readonly traces = new TraceLog();
  readonly #ctx: PeopleContext<D>;
  readonly #guard: Guard;
  readonly #limiters: { requests: RateLimiter; commands: RateLimiter };
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(readonly options: PeopleServerOptions<D>) {
    const log = options.log ?? (() => undefined);
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.people = new PeopleStore(options.store, options.seed, limits.maxListEntries);
    this.#guard = new Guard(`${options.node} /`, log, { log: options.security, source: 'client' });
    const signIn = new SignInGuard({ passwords: options.passwords, security: options.security, ...(options.signInLimits ? { limits: options.signInLimits } : {}) });
    this.#limiters = { requests: new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT), commands: new RateLimiter(options.commandRateLimit ?? DEFAULT_COMMAND_RATE_LIMIT) };
    this.hub = new ClientHub(options.namespace, {
      hop: options.hop, node: options.node, timeoutMs: options.clientTimeoutMs, exists: (a) => !!this.people.get(a), signIn,
      onSignIn: (address, socket) => this.#signIn(address, socket),
      onSignOut: (address) => this.#signOut(address),
    });
    this.#ctx = {
      hop: options.hop, node: options.node, realm: options.realm, people: this.people, hub: this.hub, limits, log, traces: this.traces,
      sessions: new Sessions(),
      watchers: new Watchers(options.store),
      following: new Watchers(options.store, 'following'),
      presence: new Map(),
      send: (request) => this.#send(request),
    };
    this.#sweeper = setInterval(() => endIdleSessions(this.#ctx), Math.max(20, Math.min(limits.sessionIdleMs / 4, 60_000)));
    this.#sweeper.unref();
  }

  get limits(): PeopleLimits {
    return this.#ctx.limits;
  }

  /** A request from the link to the edge, for one of our people. */
  async receive(request: FedRequest): Promise<Answer> {
    const answer = await deliverHere(this.#ctx, request, 'link');
    this.traces.record(request.id, ...(answer.trail ?? []));
    return answer;
  }

  /** The edge says a change cut a path: ends this side of every dialog in the scope. */
  endDialogs(notice: DialogsEnd): DialogsEnded {
    return { ended: endInScope(this.#ctx, notice) };
  }

  /** Tells a signed-in person what changed in her profile (lists, settings, enablement). */
  tellDelta(address: Address, delta: ProfileDelta): void {
    this.hub.tell(address, 'profile:delta', delta);
  }

  /** Adds `other` to `address`'s Allow or Block list as a prompt answer would; the client is told. */
  putOnList(address: Address, list: 'allow' | 'block', op: 'add' | 'remove', other: Address): boolean {
    const changed = this.people.changeList(address, list, op, other) === 'changed';
    if (changed) this.tellDelta(address, { lists: [{ list, op, address: other }] });
    return changed;
  }

  /** Records a decision in this server's trace (a prompt answer). */
  record(requestId: string, ...decisions: HopDecision[]): void {
    this.traces.record(requestId, ...decisions);
  }

  /** Sends a request of one of our people (a prompt answer's presence update, for instance). */
  send(request: FedRequest): Promise<Answer> {
    return this.#send(request);
  }

  /** Makes `watcher` a watcher of `target` (a prompt answered Allow, or Block: then muted). */
  watch(target: Address, watcher: Address): void {
    this.#ctx.watchers.add(target, watcher);
  }

  presenceOf(address: Address) {
    return this.#ctx.presence.get(address) ?? OFFLINE;
  }

  /** Sends `watcher` the person's presence now (a prompt answered Allow). */
  showPresence(address: Address, watcher: Address): void {
    void this.#send(notify(address, watcher, this.presenceOf(address), 'active'));
  }

  /** Cuts a blocked person off as a Block-list change does. */
  blockCut(r: Address, s: Address): number {
    return cutBlocked(this.#ctx, r, s);
  }

  isOnline(address: Address): boolean {
    return this.hub.isOnline(address);
  }

  /** Gives a person created at run time her own sign-in password (kept as a salted hash in the store). */
  setPassword(address: Address, password: string): Promise<void> {
    return this.options.passwords.setOwn(address, password);
  }

  /**
   * Deletes a person created at run time: every dialog of hers ends on both sides first, then she is signed
   * out and forgotten. Returns how many dialogs ended, or undefined when there is no such person.
   */
  deleteUser(address: Address): number | undefined {
    if (!this.people.get(address)) return undefined;
    const ended = endEverythingOf(this.#ctx, address);
    this.#ctx.watchers.forget(address);
    this.#ctx.following.forget(address);
    this.hub.socketOf(address)?.disconnect(true);
    this.people.remove(address);
    this.options.passwords.forget(address);
    this.#ctx.presence.delete(address);
    this.#limiters.requests.forget(address);
    this.#limiters.commands.forget(address);
    return ended;
  }

  /** Back to the topology (a test reset): everyone signed out, nothing of the run left. */
  reset(): void {
    this.#ctx.sessions.clear();
    this.#ctx.watchers.clear();
    this.#ctx.following.clear();
    this.#ctx.presence.clear();
    this.people.reset();
    this.options.passwords.reset();
    this.traces.clear();
    this.hub.disconnectAll();
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#ctx.sessions.clear();
    this.hub.disconnectAll();
  }

  async #send(request: FedRequest): Promise<Answer> {
    const answer = this.#overOwnLimit(request) ?? (this.options.realm.isLocal(request.to) ? await deliverHere(this.#ctx, request, 'local') : await this.options.realm.sendOut(request));
    this.traces.record(request.id, ...(answer.trail ?? []));
    return settleOwnRequest(request, answer, this.#ctx);
  }

  /** A person's own bounds: open IM sessions and subscriptions asked for. */
  #overOwnLimit(request: FedRequest): Answer | undefined {
    const { hop, node, limits, sessions, following } = this.#ctx;
    const from = request.from;
    const over = (reason: 'session-limit' | 'subscription-limit', inputs: Record<string, number>, why: string) =>
      answerFor(request.id, reason, hop, { trail: [decision(hop, node, 'limits', reason, inputs, why)] });
    if (request.kind === 'invite' && sessions.countOf(from) >= limits.maxSessionsPerUser) {
      return over('session-limit', { sessions: sessions.countOf(from), maxSessionsPerUser: limits.maxSessionsPerUser }, `${from} has as many open IM sessions as a person may have.`);
    }
    if (request.kind === 'subscribe' && !following.has(request.to, from) && following.watchedCount(from) >= limits.maxSubscriptionsPerUser) {
      return over('subscription-limit', { subscriptions: following.watchedCount(from), maxSubscriptionsPerUser: limits.maxSubscriptionsPerUser }, `${from} has as many presence subscriptions as a person may have.`);
    }
    return undefined;
  }

  #signIn(address: Address, socket: ClientSocket): void {
    // A new sign-in replaced an older client: that client's sessions are over (the new one does not know them).
    endSessionsOf(this.#ctx, address, 'signed-out');
    registerClientEvents(this.#ctx, this.#guard, this.#limiters, address, socket);
    const person = this.people.get(address) as Person<D>;
    const welcome: Welcome = {
      profile: this.options.realm.profileOf(person, this.people.entries(address)),
      presence: { state: 'available', note: person.note },
      prompts: this.options.realm.promptsOf?.(address) ?? [],
    };
    socket.emit('welcome', welcome);
    setPresence(this.#ctx, address, welcome.presence);
    this.options.onOnline?.(address, true);
  }

  /** The person's last client is gone: her watchers see her offline, her IM sessions end with a bye. */
  #signOut(address: Address): void {
    setPresence(this.#ctx, address, OFFLINE);
    endSessionsOf(this.#ctx, address, 'signed-out');
    this.options.onOnline?.(address, false);
  }
}
