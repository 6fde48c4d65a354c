import { randomBytes } from 'node:crypto';
import type { Address, Answer, HopDecision, LinkFault, PresenceState, ProviderEntry } from '@fedlab/protocol';
import { domainOf } from '@fedlab/protocol';
import { AdminError, type AdminClient, type Session } from '@fedlab/sdk';
import type { Topology } from '@fedlab/topology';
import { Bot } from '../bot.ts';
import { endpointFor, type Endpoints } from '../deploy.ts';
import { WaitTimeout, waitUntil } from '../wait.ts';
import type { LoadedScenario, LoadedStep } from './load.ts';
import type { ExpectDoc, InternalUserDoc, NewProviderDoc, ProviderUserDoc } from './schema.ts';
import { newEntry } from './world.ts';

/** A running topology the runner talks to: in-process, process mode, or `--target DIR`. */
export interface Target {
  /** How it is shown: "in-process (default topology)", "target .fedlab", … */
  label: string;
  topology: Topology;
  endpoints: Endpoints;
  admin: AdminClient;
}

export interface ExecuteOptions {
  /** How long a waiting step waits before it fails. */
  waitMs: number;
  onStep?: (step: LoadedStep, text: string) => void;
}

/** Why a step failed: what was expected, what came, and the trace of the request involved. */
export interface StepFailure {
  step: number;
  line: number;
  action: string;
  /** The step in words, e.g. `send sam → alice "hello"`. */
  description: string;
  expected: string[];
  actual: string[];
  /** The request whose trace explains the failure. */
  requestId?: string;
  trace?: HopDecision[];
  /** Why there is no trace, when there is none. */
  traceNote?: string;
  /** An error, rather than an expectation that did not hold. */
  error?: boolean;
}

export interface StepOutcome {
  number: number;
  description: string;
  durationMs: number;
  requestId?: string;
  answer?: { code: number; reason: string; hop: string };
}

export interface ExecutionResult {
  users: Record<string, Address>;
  steps: StepOutcome[];
  failure?: StepFailure;
}

class StepError extends Error {
  constructor(message: string, readonly detail: { expected?: string[]; actual?: string[]; requestId?: string; error?: boolean } = {}) {
    super(message);
  }
}

interface Logged {
  step: number;
  kind: string;
  from: Address;
  to: Address;
  requestId: string;
}

/**
 * Runs one scenario against a target: makes its users (fresh ones under unique addresses, as the scenario
 * describes them), runs each step and checks each expectation, and cleans up after itself whatever happened.
 */
export async function executeScenario(scenario: LoadedScenario, target: Target, options: ExecuteOptions): Promise<ExecutionResult> {
  const run = new ScenarioRun(scenario, target, options);
  try {
    await run.setUp();
    for (const step of scenario.steps) {
      const ok = await run.step(step);
      if (!ok) break;
    }
  } catch (error) {
    run.failSetup(error);
  } finally {
    await run.tearDown();
  }
  return run.result();
}

class ScenarioRun {
  readonly tag = randomBytes(4).toString('hex');
  readonly addresses = new Map<string, Address>();
  readonly bots = new Map<string, Bot>();
  readonly created: { address: Address; provider?: string }[] = [];
  readonly log: Logged[] = [];
  readonly outcomes: StepOutcome[] = [];
  readonly sentinels = new Map<Address, { bot: Bot; sessionId: string }>();
  readonly extraBots: Bot[] = [];
  sentinelCount = 0;
  failure: StepFailure | undefined;

  constructor(readonly scenario: LoadedScenario, readonly target: Target, readonly options: ExecuteOptions) {}

  get admin(): AdminClient {
    return this.target.admin;
  }

  result(): ExecutionResult {
    return { users: Object.fromEntries(this.addresses), steps: this.outcomes, ...(this.failure ? { failure: this.failure } : {}) };
  }

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

  failSetup(error: unknown): void {
    if (this.failure) return;
    this.failure = {
      step: 0, line: 1, action: 'setup', description: 'make the users of the scenario', expected: ['every user created'],
      actual: [describeError(error)], error: true,
    };
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

  // --- steps ---

  async step(step: LoadedStep): Promise<boolean> {
    const description = this.describe(step);
    this.options.onStep?.(step, description);
    const started = Date.now();
    const outcome: StepOutcome = { number: step.number, description, durationMs: 0 };
    try {
      const answer = await this.perform(step);
      if (answer) {
        outcome.requestId = answer.requestId;
        outcome.answer = { code: answer.code, reason: answer.diagnostic.reason, hop: answer.diagnostic.hop };
      }
      return true;
    } catch (error) {
      this.failure = await this.failureOf(step, description, error);
      return false;
    } finally {
      outcome.durationMs = Date.now() - started;
      this.outcomes.push(outcome);
    }
  }

  async failureOf(step: LoadedStep, description: string, error: unknown): Promise<StepFailure> {
    const detail = error instanceof StepError ? error.detail : { error: true };
    const failure: StepFailure = {
      step: step.number, line: step.line, action: step.action, description,
      expected: detail.expected ?? [], actual: detail.actual ?? [describeError(error)],
      ...(detail.error || !(error instanceof StepError) ? { error: true } : {}),
    };
    const requestId = detail.requestId ?? (WAITING_ACTIONS.has(step.action) ? this.involved(step) : undefined);
    if (requestId) {
      failure.requestId = requestId;
      try {
        failure.trace = await this.trace(requestId);
      } catch (e) {
        failure.traceNote = e instanceof AdminError && e.status === 404
          ? 'neither the edge nor the home server recorded anything under this id: the request was answered before it reached them'
          : `the trace could not be read: ${describeError(e)}`;
      }
    }
    return failure;
  }

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

  async perform(step: LoadedStep): Promise<Answer | undefined> {
    const body = step.body as never;
    const admin = ADMIN_ACTIONS[step.action];
    if (admin) {
      await admin(this.admin, body);
      return undefined;
    }
    switch (step.action) {
      case 'signIn':
        for (const alias of list(body)) await this.signIn(alias);
        return undefined;
      case 'signOut':
        for (const alias of list(body)) await this.signOut(alias);
        return undefined;
      case 'setPresence': {
        const { user, state, note } = body as { user: string; state: PresenceState; note?: string };
        await this.command(this.bot(user).setPresence({ state, note: note ?? '' }), 'setPresence');
        return undefined;
      }
      case 'subscribe':
      case 'addContact':
      case 'unsubscribe': {
        const { from, to } = body as { from: string; to: string };
        const bot = this.bot(from);
        const method = step.action === 'addContact' ? bot.addContact : step.action === 'subscribe' ? bot.subscribe : bot.unsubscribe;
        return this.request(step, from, to, () => method.call(bot, this.address(to)));
      }
      case 'invite':
        return this.invite(step, body);
      case 'send':
        return this.send(step, body);
      case 'end': {
        const { from, to } = body as { from: string; to: string };
        const session = this.session(from, to);
        return this.request(step, from, to, () => this.bot(from).end(session.id));
      }
      case 'answerPrompt': {
        const { user, from, decision } = body as { user: string; from: string; decision: 'allow' | 'block' };
        const bot = this.bot(user);
        const prompt = await this.wait(() => bot.prompts.find((p) => p.from === this.address(from)), [`${user} is shown a prompt for ${from}'s subscription`], () => [
          bot.prompts.length ? `${user}'s prompts are from ${bot.prompts.map((p) => this.name(p.from)).join(', ')}` : `${user} has no prompt`,
        ]);
        await this.command(bot.answerPrompt(prompt.id, decision), 'answerPrompt');
        return undefined;
      }
      case 'changeList': {
        const { user, list: which, add, remove } = body as { user: string; list: 'allow' | 'block'; add?: string | string[]; remove?: string | string[] };
        const bot = this.bot(user);
        for (const ref of list(add)) await this.command(bot.changeList(which, 'add', this.address(ref)), 'changeList');
        for (const ref of list(remove)) await this.command(bot.changeList(which, 'remove', this.address(ref)), 'changeList');
        return undefined;
      }
      case 'setSettings': {
        const { user, ...change } = body as { user: string; subscriptionSetting?: 'allow' | 'block' | 'prompt'; blockImFromNonAllowList?: boolean };
        await this.command(this.bot(user).setSettings(change), 'setSettings');
        return undefined;
      }
      case 'setEnablement': {
        const { user, ...enablement } = body as { user: string; federation?: boolean; publicIm?: boolean };
        await this.admin.setEnablement(this.address(user), enablement);
        return undefined;
      }
      case 'setProvider': {
        const { id, address, ...patch } = body as NewProviderDoc;
        const current = (await this.admin.providers()).find((p) => p.id === id);
        if (!current) throw new StepError(`${id} is not in the IM provider list (removed?): addProvider puts it back`, { error: true });
        await this.admin.updateProvider(id, { ...patch, ...(address ? { address: { ...current.address, ...address } } : {}) });
        return undefined;
      }
      case 'addProvider': {
        const entry: ProviderEntry = newEntry(this.target.topology, body as NewProviderDoc);
        await this.admin.addProvider(entry);
        return undefined;
      }
      case 'fault': {
        const { link, ...fault } = body as LinkFault & { link: string };
        await this.admin.setFault(link, fault);
        return undefined;
      }
      case 'linkState': {
        const { link, state } = body as { link: string; state: string };
        let seen = 'unknown';
        await this.wait(async () => {
          const found = (await this.admin.links()).find((l) => l.provider === link);
          seen = found ? `${found.state}${found.detail ? ` (${found.detail})` : ''}` : 'no such link';
          return found?.state === state;
        }, [`the edge reports link ${link} ${state}`], () => [`link ${link} is ${seen}`]);
        return undefined;
      }
      case 'seesPresence': {
        const { user, of, state, note } = body as { user: string; of: string; state: PresenceState; note?: string };
        const bot = this.bot(user);
        const address = this.address(of);
        const sees = () => bot.presenceOf(address) ?? { state: 'offline' as const, note: '' };
        await this.wait(() => {
          const p = sees();
          return p.state === state && (note === undefined || p.note === note);
        }, [`${user} sees ${of} as ${state}${note !== undefined ? ` "${note}"` : ''}`], () => {
          const contact = bot.contacts.get(address);
          const p = sees();
          return [`${user} sees ${of} as ${p.state}${p.note ? ` "${p.note}"` : ''}${contact ? ` (subscription ${contact.subscription}${contact.answer ? `, last answer ${contact.answer.code} ${contact.answer.diagnostic.reason}` : ''})` : ` (${of} is not among ${user}'s contacts)`}`];
        });
        return undefined;
      }
      case 'promptShown': {
        const { user, from, shown } = body as { user: string; from: string; shown?: boolean };
        const bot = this.bot(user);
        const address = this.address(from);
        const has = () => bot.prompts.some((p) => p.from === address) || bot.history.some((h) => h.event === 'prompt' && (h.args[0] as { from: string }).from === address);
        if (shown === false) {
          await this.sentinel(user);
          if (has()) throw new StepError('a prompt came', { expected: [`${user} is never shown a prompt for ${from} (proved with a sentinel)`], actual: [`${user} was shown a prompt for ${from}`] });
        } else {
          await this.wait(has, [`${user} is shown a prompt for ${from}'s subscription`], () => [`${user} has ${bot.prompts.length ? `prompts from ${bot.prompts.map((p) => this.name(p.from)).join(', ')}` : 'no prompt'}`]);
        }
        return undefined;
      }
      case 'receives': {
        const { user, from, text } = body as { user: string; from: string; text: string };
        await this.waitForMessage(user, from, text);
        return undefined;
      }
      case 'sessionEnded': {
        const { user, with: peer } = body as { user: string; with: string };
        const bot = this.bot(user);
        const address = this.address(peer);
        const sessions = () => [...bot.sessions.values()].filter((s) => s.peer === address);
        await this.wait(() => sessions().length > 0 && sessions().every((s) => s.state === 'ended'), [`${user}'s IM session with ${peer} is ended`], () => [
          sessions().length ? `${user}'s sessions with ${peer}: ${sessions().map((s) => s.state).join(', ')}` : `${user} has no IM session with ${peer}`,
        ]);
        return undefined;
      }
      default:
        throw new StepError(`the runner does not know the action ${step.action}`, { error: true });
    }
  }

  async signIn(alias: string): Promise<void> {
    this.bots.get(alias)?.close();
    const address = this.address(alias);
    const bot = new Bot({ url: endpointFor(this.target.topology, this.target.endpoints, address), address });
    this.bots.set(alias, bot);
    try {
      await this.settle(bot.signedIn(), `${alias}'s sign-in`);
    } catch (error) {
      this.bots.delete(alias);
      bot.close();
      throw new StepError(`${alias} (${address}) could not sign in: ${describeError(error)}`, { error: true });
    }
  }

  /** Signs out and waits until the user's server has noticed, so that the next step finds the user offline. */
  async signOut(alias: string): Promise<void> {
    const bot = this.bot(alias);
    bot.close();
    this.bots.delete(alias);
    const address = bot.address;
    await this.wait(async () => !(await this.online(address)), [`${alias}'s server sees ${alias} offline`], () => [`${alias} is still online`]);
  }

  async online(address: Address): Promise<boolean> {
    if (this.isInternal(address)) return (await this.admin.users(address)).some((u) => u.address === address && u.online);
    const id = this.target.topology.providers.find((p) => p.domains.includes(domainOf(address)))!.id;
    const response = await fetch(`${this.target.endpoints.providers[id]}/directory`);
    const directory = (await response.json()) as { users: { address: string; online: boolean }[] };
    return directory.users.some((u) => u.address === address && u.online);
  }

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

  async request(step: LoadedStep, from: string, to: string, send: () => Promise<Answer>, delivery?: () => Promise<void>): Promise<Answer> {
    const started = Date.now();
    const answer = await this.settle(send(), `the ${step.action} request`);
    const ms = Date.now() - started;
    this.log.push({ step: step.number, kind: step.action, from: this.address(from), to: this.address(to), requestId: answer.requestId });
    await this.check(step, answer, ms, delivery);
    return answer;
  }

  async invite(step: LoadedStep, body: { from: string; to: string }): Promise<Answer> {
    let session: Session | undefined;
    const bot = this.bot(body.from);
    return this.request(step, body.from, body.to, async () => {
      const result = await bot.invite(this.address(body.to));
      session = result.session;
      return result.answer;
    }, async () => {
      const id = session!.id;
      await this.delivery(step, body.to, `${body.to}'s client opens the IM session ${body.from} invited to`, (r) => [...r.sessions.values()].some((s) => s.id === id && !s.outgoing));
    });
  }

  async send(step: LoadedStep, body: { from: string; to: string; text?: string }): Promise<Answer> {
    const text = body.text ?? `message of step ${step.number} from ${body.from}`;
    const session = this.session(body.from, body.to);
    const from = this.address(body.from);
    return this.request(step, body.from, body.to, () => this.bot(body.from).send(session.id, text), async () => {
      await this.delivery(step, body.to, `${body.to} gets "${text}" from ${body.from}`, (r) => r.received().some((m) => m.text === text && m.from === from));
    });
  }

  /** The IM session between two people, as `from` holds it: the newest, open ones first. */
  session(from: string, to: string): Session {
    const peer = this.address(to);
    const sessions = [...this.bot(from).sessions.values()].filter((s) => s.peer === peer).reverse();
    const session = sessions.find((s) => s.state === 'open') ?? sessions[0];
    if (!session) throw new StepError(`${from} has no IM session with ${to}: an invite must be accepted first`, { error: true });
    return session;
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
      const bot = new Bot({ url: endpointFor(this.target.topology, this.target.endpoints, helper), address: helper });
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

  async waitForMessage(user: string, from: string, text: string): Promise<void> {
    const bot = this.bot(user);
    const address = this.address(from);
    await this.wait(() => bot.received().some((m) => m.from === address && m.text === text), [`${user} gets "${text}" from ${from}`], () => {
      const got = bot.received().filter((m) => m.from === address).map((m) => `"${m.text}"`);
      return [got.length ? `${user} got from ${from}: ${got.join(', ')}` : `${user} got nothing from ${from}`];
    });
  }

  async wait<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, expected: string[], actual: () => string[], error = false): Promise<T> {
    try {
      return await waitUntil(condition, expected.join('; '), { timeoutMs: this.options.waitMs });
    } catch (e) {
      if (!(e instanceof WaitTimeout)) throw e;
      throw new StepError(`timed out after ${this.options.waitMs} ms`, { expected, actual: [...actual(), `(waited ${this.options.waitMs} ms)`], error });
    }
  }

  /** Compares the answer with the step's expectation; fetches the trace when the expectation needs it. */
  async check(step: LoadedStep, answer: Answer, ms: number, delivery?: () => Promise<void>): Promise<void> {
    const want = step.expect;
    if (!want) return;
    const answerChecks: Check[] = [];
    const field = (label: string, w: unknown, got: unknown) => {
      if (w !== undefined) answerChecks.push({ label, want: String(w), got: String(got), ok: w === got });
    };
    field('code', want.code, answer.code);
    field('reason', want.reason, answer.diagnostic.reason);
    field('hop', want.hop, answer.diagnostic.hop);
    field('endsDialog', want.endsDialog, !!answer.endsDialog);
    if (want.withinMs !== undefined) answerChecks.push({ label: 'answered within', want: `${want.withinMs} ms`, got: `${ms} ms`, ok: ms <= want.withinMs });
    if (want.atLeastMs !== undefined) answerChecks.push({ label: 'answered after at least', want: `${want.atLeastMs} ms`, got: `${ms} ms`, ok: ms >= want.atLeastMs });
    const traceChecks = want.trace ? await this.traceChecks(want.trace, answer.requestId) : [];
    const failed = [...answerChecks, ...traceChecks].filter((c) => !c.ok);
    if (failed.length) {
      const line = (checks: Check[], pick: (c: Check) => string) => checks.map((c) => `${c.label} ${pick(c)}`).join(', ');
      const expected = [line(answerChecks, (c) => c.want), ...(traceChecks.length ? [`trace: ${line(traceChecks, (c) => c.want)}`] : [])].filter((l) => l && l !== 'trace: ');
      const actual = [
        `code ${answer.code}, reason ${answer.diagnostic.reason}, hop ${answer.diagnostic.hop}${answer.endsDialog ? ', endsDialog' : ''}, after ${ms} ms`,
        ...(traceChecks.length ? [`trace: ${line(traceChecks, (c) => c.got)}`] : []),
        `differs: ${failed.map((c) => c.label).join(', ')}`,
      ];
      throw new StepError('the answer is not the expected one', { expected, actual, requestId: answer.requestId });
    }
    if (delivery) {
      try {
        await delivery();
      } catch (error) {
        if (error instanceof StepError) throw new StepError(error.message, { ...error.detail, requestId: answer.requestId });
        throw error;
      }
    }
  }

  async traceChecks(want: NonNullable<ExpectDoc['trace']>, requestId: string): Promise<Check[]> {
    let decisions: HopDecision[];
    try {
      decisions = await this.trace(requestId);
    } catch (error) {
      return [{ label: 'recorded', want: 'yes', got: `no (${describeError(error)})`, ok: false }];
    }
    const deciding = decidingDecision(decisions);
    const checks: Check[] = [];
    for (const field of ['hop', 'rule', 'reason', 'node', 'code'] as const) {
      const w = want[field];
      if (w !== undefined) checks.push({ label: `deciding ${field}`, want: String(w), got: String(deciding?.[field] ?? '(none)'), ok: w === deciding?.[field] });
    }
    for (const [key, value] of Object.entries(want.inputs ?? {})) {
      const got = deciding?.inputs[key];
      checks.push({ label: `deciding input ${key}`, want: String(value), got: got === undefined ? '(absent)' : String(got), ok: got === value });
    }
    const rules = new Set(decisions.map((d) => d.rule));
    for (const rule of want.includes ?? []) checks.push({ label: 'includes rule', want: rule, got: rules.has(rule) ? rule : `(absent; rules: ${[...rules].join(', ')})`, ok: rules.has(rule) });
    return checks;
  }

  describe(step: LoadedStep): string {
    const b = step.body as Record<string, unknown>;
    const pair = () => `${String(b.from)} → ${String(b.to)}`;
    const suffix = step.name ? ` — ${step.name}` : '';
    const text = ((): string => {
      switch (step.action) {
        case 'signIn':
        case 'signOut':
          return `${step.action} ${list(step.body as string | string[]).join(', ')}`;
        case 'send':
          return `send ${pair()}${b.text ? ` "${String(b.text)}"` : ''}`;
        case 'subscribe':
        case 'addContact':
        case 'unsubscribe':
        case 'invite':
        case 'end':
          return `${step.action} ${pair()}`;
        case 'fault': {
          const { link, ...fault } = b;
          return `fault on link ${String(link)}: ${Object.entries(fault).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`;
        }
        default:
          return typeof step.body === 'object' && step.body !== null
            ? `${step.action} ${Object.entries(b).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(', ')}`
            : `${step.action} ${String(step.body)}`;
      }
    })();
    return text + suffix;
  }
}

/** Steps that wait for what a person sees: a failure shows the trace of the last request between the people. */
const WAITING_ACTIONS = new Set(['seesPresence', 'promptShown', 'receives', 'sessionEnded', 'answerPrompt']);

/** Admin steps that are one call with the step's value (a provider id, a link name, the switch). */
export const ADMIN_ACTIONS: Record<string, (admin: AdminClient, value: never) => Promise<unknown>> = {
  blockProvider: (admin, id: string) => admin.blockProvider(id),
  allowProvider: (admin, id: string) => admin.allowProvider(id),
  removeProvider: (admin, id: string) => admin.removeProvider(id),
  setFederation: (admin, on: boolean) => admin.setFederation(on),
  clearFault: (admin, link: string) => admin.clearFault(link),
  resetLink: (admin, link: string) => admin.resetLink(link),
};

/** The decision that settled a request: the first hop decision that is not `forwarded`, else the last one. */
export function decidingDecision(decisions: HopDecision[]): HopDecision | undefined {
  return decisions.find((d) => d.reason !== 'forwarded') ?? decisions.at(-1);
}

interface Check {
  label: string;
  want: string;
  got: string;
  ok: boolean;
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function describeError(error: unknown): string {
  if (error instanceof AdminError) return `admin API answered ${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
