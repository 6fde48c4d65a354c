import type { Static, TSchema } from '@sinclair/typebox';
import type { Address, Answer } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import type { Bot } from '../../bot.ts';
import { Aliases, FromTo, LinkName, ProviderId } from '../parts.ts';
import type { LoadedStep } from '../load.ts';
import type { ScenarioRun } from '../scenario-run.ts';

/**
 * One action of a scenario file, in one object: its body's schema and what it does in words (both go into
 * scenario.schema.json), how it runs, and what the runner and the loader must know of it. Every step lives in
 * its own file next to this one and is listed in `index.ts`; docs/scenarios.md documents each (a test checks).
 */
export interface StepDefinition<Body = unknown> {
  /** The key of the step in a scenario file, e.g. `invite`. */
  action: string;
  /** The schema of the step's value. */
  body: TSchema;
  /** One or two sentences: what the step does (the schema's description, shown by editors). */
  description: string;
  /** It sends a request whose answer `expect` checks; `from` is the one who acts. */
  request?: boolean;
  /** `expect.delivered` applies: the runner can see (or prove with a sentinel) that the request arrived. */
  delivery?: boolean;
  /** It changes what every user of the topology shares (provider list, global switch, links): it runs alone. */
  global?: boolean;
  /**
   * It waits for what a person sees: when it times out, the trace of the last request between the people it
   * names explains why.
   */
  waits?: boolean;
  /** `user` must be an internal user (at: home). */
  internalOnly?: boolean;
  /**
   * The provider or link of the topology the step names (`field`: the field of the value that names it), checked
   * against the topology before anything runs.
   */
  names?(body: Body): { provider?: string; link?: string; field?: string };
  /** What a schema cannot say, checked before anything runs (steps in order; see CheckScope). */
  check?(body: Body, scope: CheckScope): void;
  /** The step in words for progress and failures, e.g. `invite sam → alice`; by default its action and fields. */
  describe?(body: Body): string;
  /** Carries the step out; a request step resolves to the answer (already checked against `expect`). */
  run(run: ScenarioRun, body: Body, step: LoadedStep): Promise<Answer | undefined | void>;
}

/** What a step's load-time check can ask and say: the scenario's users, the sessions opened so far, problems. */
export interface CheckScope {
  /** The path of a field of this step's value, for problem(). */
  at(...rest: (string | number)[]): (string | number)[];
  problem(path: (string | number)[], message: string): void;
  /** A user named by an alias: declared in topology.users (reported otherwise) and not `exists: false`. */
  declared(alias: string): boolean;
  exists(alias: string): boolean;
  /** Checks a user reference (an alias must be declared; a literal address is fine). */
  checkRef(ref: string, path: (string | number)[], role: string): void;
  /** IM sessions opened by earlier steps (by an invite of either of the two). */
  openSession(a: string, b: string): void;
  hasSession(a: string, b: string): boolean;
}

/** Defines a step with its body typed from its schema. */
export function defineStep<S extends TSchema>(definition: { body: S } & Omit<StepDefinition<Static<NoInfer<S>>>, 'body'>): StepDefinition<Static<S>> {
  return definition as StepDefinition<Static<S>>;
}

export function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `action a → b`: how the steps between two people are shown. */
export function between(action: string, body: { from: string; to: string }): string {
  return `${action} ${body.from} → ${body.to}`;
}

/** The check of steps that act in an IM session: an invite between the two must come before. */
export function needsSession(action: string, body: { from: string; to: string }, scope: CheckScope): void {
  if (!scope.hasSession(body.from, body.to)) {
    scope.problem(scope.at(), `${action} needs an IM session between ${body.from} and ${body.to}: add an invite step before it`);
  }
}

/** A request from one person to another, with nothing more to it than the call the bot makes. */
export function requestStep(action: string, description: string, send: (bot: Bot, to: Address) => Promise<Answer>): StepDefinition<{ from: string; to: string }> {
  return defineStep({
    action, body: FromTo, request: true, description,
    describe: (body) => between(action, body),
    run: (run, { from, to }, step) => run.request(step, from, to, () => send(run.bot(from), run.address(to))),
  });
}

/** An admin step that is one call of the admin API with the step's value (a provider id, a link name, the switch). */
export function adminStep<S extends TSchema>(
  definition: { body: S } & Omit<StepDefinition<Static<NoInfer<S>>>, 'run' | 'body'>,
  call: (admin: AdminClient, value: Static<S>) => Promise<unknown>,
): StepDefinition<Static<S>> {
  return { ...definition, run: async (run, value) => void (await call(run.admin, value)) };
}

/** An admin step on one provider's entry of the IM provider list: it runs alone. */
export function providerStep(action: string, description: string, call: (admin: AdminClient, id: string) => Promise<unknown>): StepDefinition<string> {
  return adminStep({ action, body: ProviderId, global: true, description, names: (id) => ({ provider: id }) }, call);
}

/** An admin step on one link of the edge: it runs alone. */
export function linkStep(action: string, description: string, call: (admin: AdminClient, link: string) => Promise<unknown>, more: Pick<StepDefinition<string>, 'check'> = {}): StepDefinition<string> {
  return adminStep({ action, body: LinkName, global: true, description, names: (link) => ({ link }), ...more }, call);
}

/** A step done by each of the users it names (`alice` or `[alice, sam]`), one after the other. */
export function usersStep(action: string, description: string, each: (run: ScenarioRun, alias: string) => Promise<void>): StepDefinition<string | string[]> {
  return defineStep({
    action, body: Aliases, description,
    check(body, scope) {
      list(body).forEach((ref, i) => {
        const path = Array.isArray(body) ? scope.at(i) : scope.at();
        scope.checkRef(ref, path, 'user');
        if (scope.declared(ref) && !scope.exists(ref)) scope.problem(path, `${ref} is declared with exists: false: nobody can sign in as ${ref}`);
      });
    },
    describe: (body) => `${action} ${list(body).join(', ')}`,
    async run(run, body) {
      for (const alias of list(body)) await each(run, alias);
    },
  });
}
