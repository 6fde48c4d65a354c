import { randomBytes } from 'node:crypto';
import type { Address, Answer, HopDecision } from '@fedlab/protocol';
import { domainOf } from '@fedlab/protocol';
import { AdminError, type AdminClient, type Session } from '@fedlab/sdk';
import { Bot } from '../bot.ts';
import { endpointFor, passwordFor } from '../deploy.ts';
import { WaitTimeout, waitUntil } from '../wait.ts';
import type { ExecuteOptions, Target } from './execute.ts';
import { checkAnswer } from './expectations.ts';
import type { LoadedScenario, LoadedStep } from './load.ts';
import type { InternalUserDoc, ProviderUserDoc } from './schema.ts';
import { StepError } from './step-error.ts';

interface Logged {
  step: number;
  kind: string;
  from: Address;
  to: Address;
  requestId: string;
}

/**
 * One run of one scenario against a target: its fresh users and their bots, the requests sent so far, and what
 * every step uses to act and to wait (`steps/*.ts`). It cleans up after itself whatever happened.
 */
export class ScenarioRun {
  readonly tag = randomBytes(4).toString('hex');
  readonly addresses = new Map<string, Address>();
  readonly bots = new Map<string, Bot>();
  readonly created: { address: Address; provider?: string }[] = [];
  readonly log: Logged[] = [];
  readonly sentinels = new Map<Address, { bot: Bot; sessionId: string }>();
  readonly extraBots: Bot[] = [];
  sentinelCount = 0;

  constructor(readonly scenario: LoadedScenario, readonly target: Target, readonly options: ExecuteOptions) {}

  /** The target's admin client, its changes audited as made by this scenario (X-Fedlab-Actor: scenario:<name>). */
  get admin(): AdminClient {
    return (this.#admin ??= this.target.admin.as(`scenario:${this.scenario.doc.name}`));
  }
  #admin: AdminClient | undefined;

  // --- users ---

  async setUp(): Promise<void> {
    const { topology } = this.target;
    for (const [alias, user] of Object.entries(this.scenario.users)) {
      if ('address' in user) this.addresses.set(alias, user.address);
      else {
        const domain = user.domain ?? (user.at === 'home' ? topology.organization.domains[0]! : topology.providers.find((p) => p.id === user.at)!.domains[0]!);
        this.addresses.set(alias, `${alias}.${this.tag}@${domain}`);
      }
    }
    for (const [alias, user] of Object.entries(this.scenario.users)) {
      if ('address' in user || user.exists === false) continue;
      const address = this.addresses.get(alias)!;
      const displayName = user.displayName ?? `${alias[0]!.toUpperCase()}${alias.slice(1)} (scenario)`;
      if (user.at === 'home') await this.createInternal(address, displayName, user as InternalUserDoc);
      else await this.createAtProvider(user.at, address, displayName, user);
    }
  }

  async createInternal(address: Address, displayName: string, user: Partial<InternalUserDoc>): Promise<void> {
    await this.admin.createUser({
      address, displayName,
      enablement: { federation: user.enablement?.federation ?? true, publicIm: user.enablement?.publicIm ?? true },
      ...(user.subscriptionSetting ? { subscriptionSetting: user.subscriptionSetting } : {}),
      ...(user.blockImFromNonAllowList !== undefined ? { blockImFromNonAllowList: user.blockImFromNonAllowList } : {}),
      allow: (user.allow ?? []).map((r) => this.address(r)),
      block: (user.block ?? []).map((r) => this.address(r)),
    });
    this.created.push({ address });
  }

  async createAtProvider(provider: string, address: Address, displayName: string, user: Partial<ProviderUserDoc>): Promise<void> {
    await this.admin.createProviderUser(provider, {
      address, displayName, verified: user.verified ?? true,
      contacts: (user.contacts ?? []).map((r) => this.address(r)),
      block: (user.block ?? []).map((r) => this.address(r)),
    });
    this.created.push({ address, provider });
  }

  async tearDown(): Promise<void> {
    for (const bot of [...this.bots.values(), ...this.extraBots]) bot.close();
    for (const { address, provider } of this.created.reverse()) {
      await (provider ? this.admin.deleteProviderUser(provider, address) : this.admin.deleteUser(address)).catch(() => undefined);
    }
  }

  /** An alias's address, or a literal address as it is. */
  address(ref: string): Address {
    if (ref.includes('@')) return ref;
    const address = this.addresses.get(ref);
    if (!address) throw new StepError(`${ref} is not declared in topology.users`);
    return address;
  }

  bot(alias: string): Bot {
    const bot = this.bots.get(alias);
    if (!bot) throw new StepError(`${alias} is not signed in: add a signIn step for ${alias} before this one`, { error: true });
    return bot;
  }

  name(address: Address): string {
    for (const [alias, a] of this.addresses) if (a === address) return alias;
    return address;
  }

  isInternal(address: Address): boolean {
    return this.target.topology.organization.domains.includes(domainOf(address));
  }

  newBot(address: Address): Bot {
    const { topology, endpoints, password } = this.target;
    return new Bot({ url: endpointFor(topology, endpoints, address), address, password: passwordFor(topology, password, address) });
  }

  async online(address: Address): Promise<boolean> {
    if (this.isInternal(address)) return (await this.admin.users(address)).some((u) => u.address === address && u.online);
    const id = this.target.topology.providers.find((p) => p.domains.includes(domainOf(address)))!.id;
    const response = await fetch(`${this.target.endpoints.providers[id]}/directory`);
    const directory = (await response.json()) as { users: { address: string; online: boolean }[] };
    return directory.users.some((u) => u.address === address && u.online);
  }

  // --- acting ---

  /**
   * A request, a command or a sign-in that never settles (a connection that went away for good) must not hang
   * the run: it fails the step after a deadline far beyond any hop's own (a 408 always comes first).
   */
  async settle<T>(promise: Promise<T>, what: string): Promise<T> {
    const ms = Math.max(60_000, this.options.waitMs * 4);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StepError(`${what} got no answer at all within ${ms} ms`, { error: true })), ms);
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async command(result: Promise<{ ok: boolean; error?: { message: string } }>, what: string): Promise<void> {
    const r = await this.settle(result, what);
    if (!r.ok) throw new StepError(`${what} was refused: ${r.error?.message ?? 'no reason given'}`, { error: true });
  }

  /**
   * Sends the request of a request step, logs it (a later waiting step's failure shows its trace), and checks the
   * answer against the step's expectation; `delivery` checks `expect.delivered` after the answer holds.
   */
  async request(step: LoadedStep, from: string, to: string, send: () => Promise<Answer>, delivery?: () => Promise<void>): Promise<Answer> {
    const started = Date.now();
    const answer = await this.settle(send(), `the ${step.action} request`);
    const ms = Date.now() - started;
    this.log.push({ step: step.number, kind: step.action, from: this.address(from), to: this.address(to), requestId: answer.requestId });
    await checkAnswer(this, step, answer, ms, delivery);
    return answer;
  }

  /** The IM session between two people, as `from` holds it: the newest, open ones first. */
  session(from: string, to: string): Session {
    const peer = this.address(to);
    const sessions = [...this.bot(from).sessions.values()].filter((s) => s.peer === peer).reverse();
    const session = sessions.find((s) => s.state === 'open') ?? sessions[0];
    if (!session) throw new StepError(`${from} has no IM session with ${to}: an invite must be accepted first`, { error: true });
    return session;
  }

  // --- waiting, and proving absences ---

  async wait<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, expected: string[], actual: () => string[], error = false): Promise<T> {
    try {
      return await waitUntil(condition, expected.join('; '), { timeoutMs: this.options.waitMs });
    } catch (e) {
      if (!(e instanceof WaitTimeout)) throw e;
      throw new StepError(`timed out after ${this.options.waitMs} ms`, { expected, actual: [...actual(), `(waited ${this.options.waitMs} ms)`], error });
    }
  }

  /** Delivered, or proved not delivered with a sentinel, as the step expects. */
  async delivery(step: LoadedStep, recipient: string, what: string, arrived: (bot: Bot) => boolean): Promise<void> {
    const expected = step.expect?.delivered;
    if (expected === undefined) return;
    const bot = recipient.includes('@') ? undefined : this.bots.get(recipient);
    if (expected) {
      if (!bot) throw new StepError('the recipient is not signed in', { expected: [what], actual: [`${recipient} is not signed in here, so nothing can be delivered`] });
      await this.wait(() => arrived(bot), [what], () => ['it did not arrive']);
      return;
    }
    if (!bot) return; // nobody signed in: nothing can arrive
    await this.sentinel(recipient);
    if (arrived(bot)) throw new StepError('delivered', { expected: [`never: ${what} (proved with a sentinel)`], actual: ['it arrived'] });
  }

  /**
   * Proves an absence: a helper user (a colleague of the recipient, or a user of the same provider, so that no
   * rule under test lies on its path) sends a sentinel message to the recipient. Once the sentinel has arrived,
   * anything sent before it on the recipient's connection has arrived too.
   */
  async sentinel(recipientAlias: string): Promise<void> {
    const recipient = this.bot(recipientAlias);
    const address = recipient.address;
    let sentinel = this.sentinels.get(address);
    if (!sentinel) {
      const domain = domainOf(address);
      const helper = `sentinel.${this.tag}.${this.sentinels.size}@${domain}`;
      if (this.isInternal(address)) await this.createInternal(helper, 'Sentinel', {});
      else await this.createAtProvider(this.target.topology.providers.find((p) => p.domains.includes(domain))!.id, helper, 'Sentinel', {});
      const bot = this.newBot(helper);
      this.extraBots.push(bot);
      await this.settle(bot.signedIn(), 'the sentinel\'s sign-in');
      const { answer, session } = await this.settle(bot.invite(address), 'the sentinel\'s invitation');
      if (answer.code !== 200) throw new StepError(`the sentinel could not reach ${recipientAlias} (${answer.code} ${answer.diagnostic.reason}), so an absence cannot be proved`, { error: true });
      sentinel = { bot, sessionId: session.id };
      this.sentinels.set(address, sentinel);
    }
    const text = `sentinel ${++this.sentinelCount} ${this.tag}`;
    const answer = await this.settle(sentinel.bot.send(sentinel.sessionId, text), 'the sentinel message');
    if (answer.code !== 200) throw new StepError(`the sentinel message to ${recipientAlias} was answered ${answer.code} ${answer.diagnostic.reason}, so an absence cannot be proved`, { error: true });
    await this.wait(() => recipient.received().some((m) => m.text === text), [`the sentinel reaches ${recipientAlias}`], () => ['it did not arrive'], true);
  }

  // --- explaining failures ---

  /**
   * The admin trace of a request: the edge's, which includes the home server's decisions; when the edge has
   * none (the home server's link to the edge is down, so the request never left the home server, and the edge
   * cannot ask it), the home server's own.
   */
  async trace(requestId: string): Promise<HopDecision[]> {
    try {
      return (await this.admin.trace(requestId)).decisions;
    } catch (error) {
      if (!(error instanceof AdminError && error.status === 404)) throw error;
      const fromHome = await this.admin.homeTrace(requestId).catch(() => []);
      if (!fromHome.length) throw error;
      return fromHome;
    }
  }

  /** The request a waiting step is about: the last one between the people it names. */
  involved(step: LoadedStep): string | undefined {
    const body = step.body as Record<string, string>;
    if (!body || typeof body !== 'object') return undefined;
    const people = [body.user, body.from, body.to, body.of, body.with].filter(Boolean).map((r) => {
      try {
        return this.address(r!);
      } catch {
        return undefined;
      }
    });
    if (people.length < 2) return undefined;
    return this.log.findLast((l) => people.includes(l.from) && people.includes(l.to))?.requestId;
  }
}
