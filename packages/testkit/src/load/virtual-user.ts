import type { Answer, FedRequest, PresenceState } from '@fedlab/protocol';
import { FedlabClient, type Session } from '@fedlab/sdk';
import type { Behaviour } from './profile.ts';
import type { LoadUser } from './population.ts';
import { NO_ANSWER, pathOf, type Kind } from './recorder.ts';
import { DELIVERED_KINDS } from './ledger.ts';
import type { Random } from './random.ts';

/** What a virtual user needs of the process it runs in (the crowd). */
export interface Surroundings {
  random: Random;
  /** The factor on every rate (1 normally; a spike raises it). */
  factor(): number;
  /** False once the run drains: no new work starts. */
  active(): boolean;
  urlOf(server: string): string;
  serverOf(address: string): string;
  /** Someone this user talks to (by the population's talksTo), never the user itself. */
  pickPeer(user: LoadUser): LoadUser | undefined;
  /** Runs a sign-in through the gate that caps concurrent connects. */
  gate<T>(fn: () => Promise<T>): Promise<T>;
  /** Options every client gets (e.g. the deployment's password). */
  clientOptions: Record<string, unknown>;
  signInTimeoutMs: number;
  record(kind: Kind, path: string, ms: number, code: number, reason: string, requestId?: string): void;
  delivered(requestId: string): void;
  outOfOrder(path: string): void;
  /** A request sent whose answer can never come (its connection dropped). */
  unanswered(kind: Kind, path: string): void;
}

/** At most this many IM sessions a user has open that it started itself. */
const MAX_OWN_SESSIONS = 4;
/** Subscriptions beyond the contacts: the oldest is dropped past this many. */
const MAX_EXTRA_SUBSCRIPTIONS = 3;

/**
 * One simulated person: signs in (through the gate), subscribes to its contacts as a chat client does, then acts
 * at random times at the rates of its behaviour (Poisson processes): churn, presence changes, subscriptions, IM
 * sessions with messages and typing. Every answer is recorded with its latency, kind and path; every request its
 * client accepts is reported for delivery accounting, and the order of messages in each session is checked.
 */
export class VirtualUser {
  client: FedlabClient | undefined;
  state: 'offline' | 'signing-in' | 'online' | 'leaving' | 'stopped' = 'offline';
  readonly server: string;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #behaviourTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Requests sent and not answered yet, by kind and path (at the end: unanswered). */
  readonly pending = new Map<number, { kind: Kind; path: string }>();
  #nextPending = 0;
  #ownSessions = 0;
  readonly #extraSubscriptions: string[] = [];
  readonly #lastSeq = new Map<string, number>();
  /** Sessions waiting between messages: woken early when the user leaves or the run drains. */
  readonly #sleepers = new Set<() => void>();
  /** Waiting for our requests under way to settle (a sign-out waits for them). */
  readonly #settleWatchers = new Set<() => void>();

  constructor(readonly user: LoadUser, readonly behaviour: Behaviour, readonly s: Surroundings) {
    this.server = s.serverOf(user.address);
  }

  get online(): boolean {
    return this.state === 'online';
  }

  /** Signs in after `delayMs`. */
  start(delayMs: number): void {
    this.#later(delayMs, () => void this.signIn());
  }

  async signIn(): Promise<void> {
    if (this.state !== 'offline' || !this.s.active()) return;
    this.state = 'signing-in';
    const client = new FedlabClient({ url: this.s.urlOf(this.server), address: this.user.address, resubscribe: false, ...this.s.clientOptions });
    // Listening before the welcome: a request may come in the same read from the socket as the welcome itself.
    client.on('incoming', (request, answer) => this.#incoming(request, answer));
    client.on('session-ended', (session) => {
      this.#lastSeq.delete(session.id);
      if (!session.outgoing) client.sessions.delete(session.id);
    });
    const outcome = await this.s.gate(async () => {
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout: no welcome')), this.s.signInTimeoutMs);
      });
      try {
        await Promise.race([client.signedIn(), timeout]);
        this.s.record('sign-in', this.server, performance.now() - started, 200, 'welcome');
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.s.record('sign-in', this.server, performance.now() - started, message.startsWith('timeout') ? 408 : NO_ANSWER, message.split(':')[0]!.trim() || 'refused');
        return false;
      } finally {
        clearTimeout(timer);
      }
    });
    if (!outcome) {
      client.close();
      this.state = 'offline';
      this.#later(this.behaviour.offlineForMs, () => void this.signIn());
      return;
    }
    this.client = client;
    this.state = 'online';
    for (const contact of this.user.contacts) void this.#timed('subscribe', contact, () => client.subscribe(contact));
    this.#scheduleBehaviours();
  }

  /** The load factor changed: every waiting behaviour draws its next time again (Poisson: memoryless). */
  reschedule(): void {
    if (this.online) this.#scheduleBehaviours();
  }

  /** No new work from now on (the run drains); requests under way finish. */
  stop(): void {
    this.state = this.state === 'online' || this.state === 'leaving' ? 'stopped' : this.state === 'signing-in' ? 'signing-in' : 'stopped';
    this.#clearBehaviours();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#sleepers.forEach((wake) => wake());
  }

  close(): void {
    this.stop();
    this.client?.close();
    this.client = undefined;
  }

  // --- behaviours ---

  #scheduleBehaviours(): void {
    this.#clearBehaviours();
    const b = this.behaviour;
    this.#every('churn', b.churn, () => this.#churn());
    this.#every('presence', b.presence, () => this.#presence());
    this.#every('subscriptions', b.subscriptions, () => this.#subscribe());
    if (b.im) this.#every('im', b.im.sessions, () => this.#imSession());
  }

  /** Runs fn at the times of a Poisson process of `perSecond` (times the load factor), while online. */
  #every(name: string, perSecond: number, fn: () => Promise<void>): void {
    const rate = perSecond * this.s.factor();
    if (rate <= 0) return;
    const timer = setTimeout(() => {
      this.#behaviourTimers.delete(name);
      if (!this.online || !this.s.active()) return;
      void fn();
      if (this.online) this.#every(name, perSecond, fn);
    }, this.s.random.exponentialMs(rate));
    this.#behaviourTimers.set(name, timer);
  }

  #clearBehaviours(): void {
    for (const timer of this.#behaviourTimers.values()) clearTimeout(timer);
    this.#behaviourTimers.clear();
  }

  /** Signs out once nothing of ours is under way, stays away, signs in again. */
  async #churn(): Promise<void> {
    const client = this.client;
    if (!client || !this.online) return;
    this.state = 'leaving';
    this.#clearBehaviours();
    this.#sleepers.forEach((wake) => wake());
    // Sessions woken by the sign-out may still say bye: wait until nothing is under way, however often that takes.
    while (this.pending.size > 0) await this.#until(() => this.pending.size === 0);
    if (this.state !== 'leaving') return;
    client.close();
    this.client = undefined;
    this.#lastSeq.clear();
    this.#extraSubscriptions.length = 0;
    this.#ownSessions = 0;
    this.state = 'offline';
    this.#later(this.behaviour.offlineForMs, () => void this.signIn());
  }

  async #presence(): Promise<void> {
    const client = this.client!;
    const state = this.s.random.pick(this.behaviour.presenceStates) as PresenceState;
    const started = performance.now();
    const key = this.#begin('presence', this.server);
    try {
      const result = await client.setPresence({ state, note: '' });
      this.s.record('presence', this.server, performance.now() - started, result.ok ? 200 : 400, result.ok ? 'ok' : result.error.code);
    } catch {
      // Its connection dropped under it: no answer will come.
      this.s.record('presence', this.server, performance.now() - started, NO_ANSWER, 'disconnected');
      this.s.unanswered('presence', this.server);
    } finally {
      this.#end(key);
    }
  }

  async #subscribe(): Promise<void> {
    const client = this.client!;
    const peer = this.s.pickPeer(this.user);
    if (!peer || client.contacts.has(peer.address)) return;
    this.#extraSubscriptions.push(peer.address);
    await this.#timed('subscribe', peer.address, () => client.subscribe(peer.address));
    if (this.#extraSubscriptions.length > MAX_EXTRA_SUBSCRIPTIONS && this.client === client && this.online) {
      const oldest = this.#extraSubscriptions.shift()!;
      await this.#timed('unsubscribe', oldest, () => client.unsubscribe(oldest));
      client.contacts.delete(oldest);
    }
  }

  async #imSession(): Promise<void> {
    const im = this.behaviour.im!;
    const client = this.client!;
    const peer = this.s.pickPeer(this.user);
    if (!peer || this.#ownSessions >= MAX_OWN_SESSIONS) return;
    this.#ownSessions++;
    let session: Session | undefined;
    try {
      const invited = await this.#timed('invite', peer.address, () => client.invite(peer.address), (r) => r.answer);
      if (!invited) return;
      session = invited.session;
      if (invited.answer.code !== 200) return;
      const count = this.s.random.int(im.messages.min, im.messages.max);
      const working = () => this.client === client && this.online && this.s.active() && session!.state === 'open';
      for (let seq = 1; seq <= count; seq++) {
        await this.#sleep(this.s.random.exponentialMs(im.messageRate * this.s.factor()));
        if (!working()) break;
        if (im.typing) {
          const typed = await this.#timed('typing', peer.address, () => client.typing(session!.id));
          if (!working() || !typed || typed.code !== 200) break;
        }
        const size = this.s.random.int(im.size.min, im.size.max);
        const text = `#${seq} `.padEnd(size, 'x').slice(0, Math.max(size, `#${seq}`.length));
        const answer = await this.#timed('message', peer.address, () => client.send(session!.id, text));
        if (!answer || answer.code !== 200) break;
      }
      if (this.client === client && session.state === 'open') await this.#timed('bye', peer.address, () => client.end(session!.id));
    } finally {
      this.#ownSessions = Math.max(0, this.#ownSessions - 1);
      if (session) client.sessions.delete(session.id);
    }
  }

  // --- measuring ---

  /** Sends a request, records its answer (latency, code, reason) and reports it for delivery accounting. */
  async #timed<T>(kind: Kind, to: string, send: () => Promise<T>, answerOf: (result: T) => Answer = (r) => r as Answer): Promise<T | undefined> {
    const path = pathOf(this.server, this.s.serverOf(to));
    const started = performance.now();
    const key = this.#begin(kind, path);
    try {
      const result = await send();
      const answer = answerOf(result);
      this.s.record(kind, path, performance.now() - started, answer.code, answer.diagnostic.reason, DELIVERED_KINDS.includes(kind) ? answer.requestId : undefined);
      return result;
    } catch (error) {
      // The connection dropped under the request (the server went away): sent, and never to be answered.
      if (error instanceof Error && error.message.includes('disconnected')) {
        this.s.record(kind, path, performance.now() - started, NO_ANSWER, 'disconnected');
        this.s.unanswered(kind, path);
      }
      // Otherwise the client refused to send (e.g. its session was gone): nothing reached the system.
      return undefined;
    } finally {
      this.#end(key);
    }
  }

  #begin(kind: Kind, path: string): number {
    const key = this.#nextPending++;
    this.pending.set(key, { kind, path });
    return key;
  }

  #end(key: number): void {
    this.pending.delete(key);
    this.#settleWatchers.forEach((check) => check());
  }

  #incoming(request: FedRequest, answer: Answer): void {
    if (answer.code !== 200 || !DELIVERED_KINDS.includes(request.kind as Kind)) return;
    this.s.delivered(request.id);
    if (request.kind !== 'message') return;
    const seq = Number(/^#(\d+)/.exec(request.body.text)?.[1]);
    if (!Number.isFinite(seq)) return;
    const last = this.#lastSeq.get(request.body.sessionId) ?? 0;
    if (seq <= last) this.s.outOfOrder(pathOf(this.s.serverOf(request.from), this.server));
    else this.#lastSeq.set(request.body.sessionId, seq);
  }

  // --- time, without sleeping through a sign-out or the end ---

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Waits ms, or less when the user leaves or the run drains. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#sleepers.add(done);
    });
  }

  /** Waits until the condition holds; checked whenever something of ours settles. */
  #until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.#settleWatchers.delete(check);
        resolve();
      };
      this.#settleWatchers.add(check);
      check();
    });
  }
}
